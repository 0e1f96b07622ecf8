import { beforeAll, describe, expect, it } from "vitest";
import { validateEvents, type CanonicalEvent } from "../event-schema";
import { adaptRecords } from "./index";
import { ocsf } from "./ocsf";
import { loadRecords, manifest, pick, sampleFiles, text } from "./test-samples";

const GROUP = "ocsf/aws-security-lake-ocsf-validation";
// README definitions: principals "OCSF actor.user.uid|name"; denied "OCSF status_id = 2".
const readmePrincipal = (r: unknown) => text(pick(r, "actor", "user", "uid")) ?? text(pick(r, "actor", "user", "name"));
/**
 * Warden's difference: an AWS principal is named as its CloudTrail record names it (cloudtrail.ts),
 * so one principal is one identity whichever way it arrives: an assumed-role session is its role
 * (session.issuer), an IAM user its ARN (user.uuid), else type:principalId.
 */
function wardenPrincipal(r: unknown): string | undefined {
  const type = text(pick(r, "actor", "user", "type"));
  if (!type) return readmePrincipal(r);
  if (type === "AssumedRole") return text(pick(r, "actor", "session", "issuer"));
  return text(pick(r, "actor", "user", "uuid")) ?? `${type}:${text(pick(r, "actor", "user", "uid"))}`;
}
const readmeDenied = (r: unknown) => Number(pick(r, "status_id")) === 2;

describe("OCSF Parquet samples (Security Lake)", () => {
  let files: { file: string; records: unknown[]; events: CanonicalEvent[]; rejected: number }[];
  beforeAll(async () => {
    files = [];
    for (const file of sampleFiles(GROUP, /\.parquet$/)) {
      const records = await loadRecords(file);
      const adapted = adaptRecords(records);
      const { valid, rejected } = validateEvents(adapted.events);
      files.push({ file, records, events: valid.map((v) => v.event), rejected: rejected.length + adapted.rejected.length });
    }
  });

  it("adapts the 7 rows into valid canonical events, 2 of them denied", () => {
    const all = files.flatMap((f) => f.events);
    expect(files).toHaveLength(7);
    expect([all.length, files.reduce((n, f) => n + f.rejected, 0)]).toEqual([7, 0]);
    expect(all.filter((e) => e.decision === "deny").length).toBe(2);
    expect(files.flatMap((f) => f.records).filter(readmeDenied).length).toBe(2);
    expect(all.every((e) => e.source === "ocsf" && e.provider === "aws")).toBe(true);
  });

  it("matches the README manifest per file and its principal definition", () => {
    const rows = manifest();
    for (const f of files) {
      const row = rows.get(f.file)!;
      expect([f.events.length, f.events.filter((e) => e.decision === "deny").length], f.file).toEqual([row.events, row.denied]);
      expect(new Set(f.events.map((e) => e.identity)).size, f.file).toBe(row.principals);
      expect(f.events.map((e) => e.identity)).toEqual(f.records.map(wardenPrincipal));
    }
  });

  it("names each AWS principal as its raw CloudTrail record does: the same principal is one identity", async () => {
    for (const f of files.filter((x) => x.file.includes("cloudtrail-1.0.0-rc.2"))) {
      const raw = adaptRecords(await loadRecords(f.file.replace(".ocsf.parquet", ".raw.json")), "cloudtrail");
      const { valid } = validateEvents(raw.events);
      expect(f.events.map((e) => e.identity), f.file).toEqual(valid.map((v) => v.event.identity));
    }
    expect(event("AttachRolePolicy")).toMatchObject({ identity: "arn:aws:iam::112233445566:role/Admin", identityName: "Admin", sessionId: "Admin-user" });
  });

  const event = (name: string) => files.find((f) => f.file.includes(name))!.events[0];

  it("maps an Authentication failure (ConsoleLogin without MFA) to a denied authentication", () => {
    expect(event("ConsoleLogin-mfa-failure")).toMatchObject({
      eventId: "d38ce1b3-4575-4cb8-a632-611b8243bfc3",
      occurredAt: new Date(1668097474000),
      identity: "IAMUser:AIDACKCEVSQ6C2EXAMPLE",
      identityName: "anaya",
      actorType: "human",
      action: "ConsoleLogin",
      decision: "deny",
      authResult: "failure",
      credentialRef: undefined, // "" in the row
      sourceIp: "192.0.2.0",
    });
  });

  it("maps an API Activity AccessDenied to deny, with its message as the reason", () => {
    const e = event("GetVpcLinks");
    expect(e).toMatchObject({ decision: "deny", action: "GetVpcLinks", scope: "apigateway:GetVpcLinks", credentialRef: "AKIA3Z2XBVUDFQ9TU4MD", actorType: "nhi", identityKind: "api_key" });
    expect(e.reason).toContain("is not authorized to perform: apigateway:GET");
  });

  it("maps Account Change and assumed-role actors", () => {
    expect(event("CreateServiceRole")).toMatchObject({ action: "CreateRole", scope: "iam:CreateRole", actorType: "nhi", identityKind: "workload_identity", decision: "allow" });
    expect(event("AssumeRole.ocsf")).toMatchObject({ resource: "arn:aws:iam::111122223333:role/EC2-dev", authResult: undefined, decision: "allow" });
  });

  it("maps the EKS API Activity row (k8s user, legacy list, no metadata.uid)", () => {
    const e = event("eks-api-activity");
    expect(e).toMatchObject({
      identity: "heptio-authenticator-aws:123456789012:ABCD1234567890EXAMPLE",
      identityName: "system:node:ip-192-001-02-03.ec2.internal",
      actorType: "nhi",
      action: "create",
      scope: "k8s:create:nodes",
      resource: "ip-192-001-02-03.ec2.internal",
      status: 201,
      path: "/api/v1/nodes",
      credentialRef: "EXAMPLEUIDTEST",
      sessionId: "i-12345678901",
    });
    expect(e.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("derives the same id for the same record on every read (idempotent re-ingest)", async () => {
    const file = `${GROUP}/eks-1.1.0/eks-api-activity.ocsf.parquet`;
    const again = ocsf.adapt((await loadRecords(file))[0]) as { eventId: string };
    expect(again.eventId).toBe(event("eks-api-activity").eventId);
  });
});

describe("OCSF JSON records", () => {
  const record = {
    class_uid: 6003n, // as a Parquet reader may hand it over
    time: 1_700_000_000_000n,
    status_id: 2,
    api: { operation: "GetSecretValue", service: { name: "secretsmanager.amazonaws.com" }, response: { error: "ThrottlingException" } },
    actor: { user: { name: "deploy-bot", type_id: 3 } },
    resources: { array: [{ uid: "arn:aws:secretsmanager:us-east-1:1:secret:db" }] },
    cloud: { provider: "AWS" },
  };

  it("normalises BigInt numbers and wrapped lists, and treats a non-denial failure as an error", () => {
    const { valid, rejected } = validateEvents([ocsf.adapt(record)]);
    expect(rejected).toEqual([]);
    expect(valid[0].event).toMatchObject({
      identity: "deploy-bot",
      actorType: "nhi",
      occurredAt: new Date(1_700_000_000_000),
      decision: "error",
      resource: "arn:aws:secretsmanager:us-east-1:1:secret:db",
      scope: "secretsmanager:GetSecretValue",
    });
  });

  it("accepts ISO time strings and treats status_id 1 as allow", () => {
    expect(ocsf.adapt({ ...record, time: "2024-01-02T03:04:05Z", status_id: 1 })).toMatchObject({ occurredAt: "2024-01-02T03:04:05Z", decision: "allow" });
  });

  it("never throws on odd input", () => {
    for (const odd of [null, 42, "x", [], {}, { class_uid: "x", actor: 5, resources: "r", time: {} }]) {
      expect(() => ocsf.adapt(odd)).not.toThrow();
    }
  });
});
