import { describe, expect, it } from "vitest";
import { validateEvents } from "../event-schema";
import { ADAPTERS, adaptRecords, detectFormat, FORMATS } from "./index";
import { loadRecords, sampleFiles } from "./test-samples";

const canonicalEvent = { eventId: "c-1", occurredAt: "2024-05-01T10:00:00Z", identity: "svc-a", action: "read", decision: "allow" };

async function firstRecord(file: string): Promise<unknown> {
  return (await loadRecords(file))[0];
}

describe("adaptRecords", () => {
  it("detects each record's format in a mixed batch and maps events back to batch indexes", async () => {
    const cloudtrail = await firstRecord(sampleFiles("cloudtrail/stratus-red-team-detonation-logs")[0]);
    const k8s = await firstRecord("k8s-audit/falco-k8s-audit-trace-files/create_secret.json");
    const ocsf = await firstRecord("ocsf/aws-security-lake-ocsf-validation/eks-1.1.0/eks-api-activity.ocsf.parquet");
    const batch = [canonicalEvent, cloudtrail, 42, k8s, ocsf];
    expect(batch.map(detectFormat)).toEqual(["canonical", "cloudtrail", "canonical", "k8s-audit", "ocsf"]);

    const adapted = adaptRecords(batch);
    expect(adapted.formats).toEqual({ canonical: 2, cloudtrail: 1, "k8s-audit": 1, ocsf: 1 });
    expect(adapted.indexOf).toEqual([0, 1, 2, 3, 4]);
    const { valid, rejected } = validateEvents(adapted.events, { source: "canonical" });
    expect(rejected.map((r) => adapted.indexOf[r.index])).toEqual([2]); // the bare number
    expect(valid.map((v) => v.event.source)).toEqual(["canonical", "cloudtrail", "k8s-audit", "ocsf"]);
  });

  it("rejects records that are not of a forced format, by batch index", async () => {
    const k8s = await firstRecord("k8s-audit/falco-k8s-audit-trace-files/create_secret.json");
    const adapted = adaptRecords([k8s, canonicalEvent, k8s], "k8s-audit");
    expect(adapted.indexOf).toEqual([0, 2]);
    expect(adapted.rejected).toEqual([
      { index: 1, field: "(root)", reason: "record is not a Kubernetes audit event (auditID, verb, user); check the format parameter" },
    ]);
  });

  it("passes canonical records through untouched when forced", () => {
    const adapted = adaptRecords([canonicalEvent, { nonsense: true }], "canonical");
    expect(adapted.events).toEqual([canonicalEvent, { nonsense: true }]);
    expect(adapted.rejected).toEqual([]);
  });

  it("says so when a record is of no supported format (GCP, Entra ID, GitHub samples)", async () => {
    for (const file of [
      ...sampleFiles("gcp-audit"),
      ...sampleFiles("azure-entra-signin"),
      ...sampleFiles("github-audit"),
    ]) {
      const records = await loadRecords(file);
      const adapted = adaptRecords(records);
      const { valid, rejected } = validateEvents(adapted.events);
      const indexes = [...adapted.rejected.map((r) => r.index), ...rejected.map((r) => adapted.indexOf[r.index])];
      expect(valid, file).toEqual([]);
      expect(indexes.sort(), file).toEqual(records.map((_, i) => i));
    }
    // GCP / Entra entries share no field with a canonical event: said plainly at adaptation.
    const [gcp] = await loadRecords(sampleFiles("gcp-audit")[0]);
    expect(adaptRecords([gcp]).rejected[0].reason).toMatch(/^record format not recognised/);
    // GitHub's records have an `action` field: validation names the first foreign field instead.
    const [github] = await loadRecords(sampleFiles("github-audit")[0]);
    expect(validateEvents(adaptRecords([github]).events).rejected[0].reason).toContain("is not a canonical event field");
  });

  it("never throws on odd records, whatever the format", () => {
    const odd = [null, undefined, 0, "", "text", [], [1], {}, { class_uid: null }, { kind: "Event" }, { Records: 1 }];
    for (const format of [undefined, ...FORMATS]) expect(() => adaptRecords(odd, format)).not.toThrow();
    for (const adapter of Object.values(ADAPTERS)) for (const r of odd) expect(() => adapter.adapt(r)).not.toThrow();
  });
});
