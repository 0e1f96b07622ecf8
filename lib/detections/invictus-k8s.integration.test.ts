// The invictus-ir attack dataset (a Stratus Red Team campaign as one account's CloudTrail) and the
// Kubernetes audit samples, through the real ingest pipeline. Expected findings are counted from
// the files here, with the techniques' calls and the Kubernetes RBAC verbs named in this test.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestKeyActor } from "../test/actors";
import { createTestDatabase, type TestDb } from "../test/db";
import { ingestBatch } from "../ingest/ingest-batch";
import { foldCandidates } from "./fold";

const SAMPLES = path.resolve("../shared/samples");
const INVICTUS = path.join(SAMPLES, "cloudtrail/invictus-ir-aws-dataset");
const K8S = path.join(SAMPLES, "k8s-audit");

// Persistence, escalation, evasion and exfiltration calls of the campaign → the class a finding must carry.
const CALLS: Record<string, string> = {
  CreateAccessKey: "credential", CreateLoginProfile: "credential", AttachUserPolicy: "permission_change",
  AttachRolePolicy: "permission_change", UpdateAssumeRolePolicy: "federation", CreateTrustAnchor: "federation", CreateProfile: "federation",
  DeleteTrail: "logging", ModifySnapshotAttribute: "share", GetSecretValue: "secret_read",
};
type Ct = {
  eventName: string; errorCode?: string; sourceIPAddress?: string; userAgent?: string; sessionCredentialFromConsole?: string | boolean;
  userIdentity: { arn?: string; accessKeyId?: string; type?: string };
};
const invictus: Ct[] = readdirSync(INVICTUS).filter((f) => f.endsWith(".json")).flatMap((f) => JSON.parse(readFileSync(path.join(INVICTUS, f), "utf8")).Records);

// Kubernetes RBAC: privilege-bearing verbs on resources (from the RBAC documentation).
function k8sClass(verb: string, resource: string): string | null {
  if (resource === "secrets" && ["get", "list", "watch"].includes(verb)) return "secret_read";
  if (["roles", "clusterroles", "rolebindings", "clusterrolebindings"].includes(resource) && ["create", "update", "patch", "delete", "bind", "escalate"].includes(verb)) return "permission_change";
  if (["pods/exec", "pods/attach"].includes(resource)) return "admin";
  return null;
}
type K8s = { verb?: string; stage?: string; objectRef?: { resource?: string; subresource?: string }; user?: { username?: string }; impersonatedUser?: { username?: string }; responseStatus?: { code?: number } };
const k8sFiles = readdirSync(path.join(K8S, "falco-k8s-audit-trace-files")).map((f) => path.join(K8S, "falco-k8s-audit-trace-files", f));
const k8sEvents: K8s[] = k8sFiles.flatMap((f) => readFileSync(f, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l)));

let t: TestDb;
const q = <T extends object>(text: string, values: unknown[] = []) => t.pool.query<T & import("pg").QueryResultRow>(text, values).then((r) => r.rows);

beforeAll(async () => {
  t = await createTestDatabase("invictus_k8s");
  for (const f of readdirSync(INVICTUS).filter((f) => f.endsWith(".json"))) {
    await ingestBatch(ingestKeyActor, { body: readFileSync(path.join(INVICTUS, f)), contentType: "application/json", format: "cloudtrail" });
  }
  for (const f of k8sFiles) await ingestBatch(ingestKeyActor, { body: readFileSync(f), contentType: "application/x-ndjson", format: "k8s-audit" });
  await foldCandidates(t.pool, { wait: true });
}, 120_000);
afterAll(() => t?.close());

describe("invictus-ir AWS dataset", () => {
  it("raises a high-risk-action finding for every principal and class of the campaign's calls", async () => {
    const expected = new Map<string, number>();
    for (const r of invictus) {
      const cls = CALLS[r.eventName];
      if (!cls || r.errorCode || !r.userIdentity.arn) continue;
      const key = `${r.userIdentity.arn}|${cls}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(expected.size).toBeGreaterThan(3);
    const rows = await q<{ external_id: string; subject: string; occurrences: number }>(`
      SELECT i.external_id, f.subject, f.occurrences::int AS occurrences FROM findings f JOIN identities i ON i.id = f.identity_id
       WHERE f.detector = 'high-risk-action'`);
    const got = new Map(rows.map((r) => [`${r.external_id}|${r.subject}`, r.occurrences]));
    for (const [key, n] of expected) expect(got.get(key), key).toBeGreaterThanOrEqual(n);
  });

  it("reports a machine's session key presented from a second IP, and not a person's console session from two", async () => {
    const seen = new Map<string, { ips: Set<string>; uas: Set<string>; console: boolean }>();
    for (const r of invictus) {
      const k = r.userIdentity.accessKeyId;
      if (!k?.startsWith("ASIA")) continue;
      const s = seen.get(k) ?? { ips: new Set(), uas: new Set(), console: false };
      if (r.sourceIPAddress) s.ips.add(r.sourceIPAddress);
      if (r.userAgent) s.uas.add(r.userAgent);
      // A person: a console session, or an IAM user's temporary (MFA / console) key. A machine: a role session.
      s.console ||= String(r.sessionCredentialFromConsole) === "true" || r.userIdentity.type !== "AssumedRole" || !!r.userIdentity.arn?.includes("AWSReservedSSO");
      seen.set(k, s);
    }
    // In this dataset the stolen instance credentials are only ever used from the attacker's host
    // (nothing to compare with), and the one key seen from two IPs is a person's S3 console session.
    const machine = [...seen].filter(([, s]) => !s.console && s.ips.size > 1).map(([k]) => k);
    const people = [...seen].filter(([, s]) => s.console && s.ips.size > 1).map(([k]) => k);
    expect(people.length).toBeGreaterThan(0);
    const rows = await q<{ cred: string }>(`SELECT DISTINCT detail->'inputs'->>'credential' AS cred FROM findings WHERE detector = 'new-source' AND subject LIKE 'ip:%'`);
    expect(new Set(rows.map((r) => r.cred))).toEqual(new Set(machine));
    for (const k of people) expect(rows.map((r) => r.cred)).not.toContain(k);
  });
});

describe("Kubernetes audit samples (falco trace files)", () => {
  it("classifies secret reads, RBAC changes and exec/attach by the RBAC verbs and resources", async () => {
    const expected = new Set<string>();
    for (const e of k8sEvents) {
      const resource = [e.objectRef?.resource, e.objectRef?.subresource].filter(Boolean).join("/");
      const cls = e.verb ? k8sClass(e.verb, resource) : null;
      const code = e.responseStatus?.code;
      // One event per request, at its final stage (lib/ingest/adapters/k8s-audit.ts): interim stages count for nothing.
      if (e.stage === "RequestReceived" || e.stage === "ResponseStarted") continue;
      if (!cls || (code !== undefined && code >= 400)) continue;
      expected.add(`${e.impersonatedUser?.username ?? e.user?.username}|${cls}`);
    }
    // The sample's exec is logged only at ResponseStarted, which counts for nothing (see above): one RBAC change remains.
    expect(expected.size).toBeGreaterThanOrEqual(1);
    const rows = await q<{ external_id: string; subject: string }>(`
      SELECT i.external_id, f.subject FROM findings f JOIN identities i ON i.id = f.identity_id WHERE f.detector = 'high-risk-action'`);
    const got = new Set(rows.map((r) => `${r.external_id}|${r.subject}`));
    for (const k of expected) expect(got.has(k), k).toBe(true);
  });
});
