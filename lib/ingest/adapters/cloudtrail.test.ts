import { beforeAll, describe, expect, it } from "vitest";
import { validateEvents, type CanonicalEvent } from "../event-schema";
import { cloudtrail } from "./cloudtrail";
import { adaptRecords } from "./index";
import { loadRecords, manifest, pick, sampleFiles, text, type ManifestRow } from "./test-samples";

// Independent re-statements of the samples README definitions, written from the README text.
/** "CloudTrail userIdentity.arn, falling back to type:principalId|invokedBy|accountId". */
function readmePrincipal(r: unknown): string {
  const ui = pick(r, "userIdentity");
  const arn = text(pick(ui, "arn"));
  if (arn) return arn;
  const id = text(pick(ui, "principalId")) ?? text(pick(ui, "invokedBy")) ?? text(pick(ui, "accountId"));
  return `${text(pick(ui, "type")) ?? ""}:${id}`;
}
/**
 * Warden's two documented differences: an assumed-role session is its role (the session issuer),
 * and a record without userIdentity.type is its invoking AWS service.
 */
function wardenPrincipal(r: unknown): string {
  if (text(pick(r, "userIdentity", "type")) === "AssumedRole") return text(pick(r, "userIdentity", "sessionContext", "sessionIssuer", "arn"))!;
  const p = readmePrincipal(r);
  return p.startsWith(":") && text(pick(r, "userIdentity", "invokedBy")) ? `AWSService${p}` : p;
}
/** "errorCode containing AccessDenied / UnauthorizedOperation, or responseElements.ConsoleLogin = Failure". */
function readmeDenied(r: unknown): boolean {
  const code = text(pick(r, "errorCode")) ?? "";
  return code.includes("AccessDenied") || code.includes("UnauthorizedOperation") || pick(r, "responseElements", "ConsoleLogin") === "Failure";
}

interface Loaded {
  row: ManifestRow;
  records: unknown[];
  events: CanonicalEvent[];
  rejected: number;
}

async function loadGroup(group: string, pattern?: RegExp): Promise<Loaded[]> {
  const rows = manifest();
  const out: Loaded[] = [];
  for (const file of sampleFiles(group, pattern)) {
    const records = await loadRecords(file);
    const adapted = adaptRecords(records, "cloudtrail");
    const { valid, rejected } = validateEvents(adapted.events);
    out.push({ row: rows.get(file)!, records, events: valid.map((v) => v.event), rejected: rejected.length + adapted.rejected.length });
  }
  return out;
}

const distinct = (xs: string[]) => new Set(xs).size;

// README dataset table: events / distinct principals / denied per directory.
describe.each([
  ["cloudtrail/invictus-ir-aws-dataset", 55, 2900, 22, 60],
  ["cloudtrail/stratus-red-team-detonation-logs", 35, 310, 41, 51],
  ["cloudtrail/otrf-security-datasets", 1, 103, 3, 0],
])("%s", (group, files, events, principals, denied) => {
  let loaded: Loaded[];
  beforeAll(async () => {
    loaded = await loadGroup(group);
  });

  it("adapts every record into a valid canonical event", () => {
    expect(loaded).toHaveLength(files);
    expect(loaded.reduce((n, f) => n + f.rejected, 0)).toBe(0);
    expect(loaded.reduce((n, f) => n + f.events.length, 0)).toBe(events);
  });

  it("matches the README's event and denial counts per file and in total", () => {
    for (const f of loaded) {
      expect(f.row, "file in the README manifest").toBeDefined();
      expect(f.events.length, f.row.file).toBe(f.row.events);
      expect(f.events.filter((e) => e.decision === "deny").length, f.row.file).toBe(f.row.denied);
    }
    const all = loaded.flatMap((f) => f.events);
    expect(all.filter((e) => e.decision === "deny").length).toBe(denied);
    expect(loaded.flatMap((f) => f.records).filter(readmeDenied).length).toBe(denied);
  });

  it("identifies principals as the README does, except assumed-role sessions and typeless AwsServiceEvent records", () => {
    const records = loaded.flatMap((f) => f.records);
    expect(distinct(records.map(readmePrincipal))).toBe(principals); // our reading of the README is right
    for (const f of loaded) expect(distinct(f.records.map(readmePrincipal)), f.row.file).toBe(f.row.principals);
    const all = loaded.flatMap((f) => f.events);
    expect(all.map((e) => e.identity)).toEqual(records.map(wardenPrincipal));
    expect(distinct(all.map((e) => e.identity))).toBe(distinct(records.map(wardenPrincipal)));
  });

  it("gives every event a unique idempotency key", () => {
    const all = loaded.flatMap((f) => f.events);
    expect(distinct(all.map((e) => `${e.source}/${e.eventId}`))).toBe(all.length);
    expect(all.every((e) => e.source === "cloudtrail" && e.provider === "aws")).toBe(true);
  });
});

describe("CloudTrail mapping details", () => {
  let invictus: CanonicalEvent[];
  let otrf: CanonicalEvent[];
  beforeAll(async () => {
    invictus = (await loadGroup("cloudtrail/invictus-ir-aws-dataset")).flatMap((f) => f.events);
    otrf = (await loadGroup("cloudtrail/otrf-security-datasets")).flatMap((f) => f.events);
  });

  it("merges the two ec2.amazonaws.com principals the README counts apart, and binds assumed-role sessions to their roles", async () => {
    // 22 in the README: "ec2.amazonaws.com" twice, and the 76 AssumedRole events' session ARNs.
    const records = (await loadGroup("cloudtrail/invictus-ir-aws-dataset")).flatMap((f) => f.records);
    const sessions = records.filter((r) => pick(r, "userIdentity", "type") === "AssumedRole");
    const roles = new Set(sessions.map((r) => text(pick(r, "userIdentity", "sessionContext", "sessionIssuer", "arn"))));
    expect(sessions.length).toBe(76); // the README's count
    const sessionArns = new Set(sessions.map((r) => text(pick(r, "userIdentity", "arn"))));
    expect(distinct(invictus.map((e) => e.identity))).toBe(22 - 1 - sessionArns.size + roles.size);
    expect(invictus.some((e) => e.identity.includes(":assumed-role/"))).toBe(false);
    const assumed = invictus.filter((e) => roles.has(e.identity));
    expect(assumed.length).toBe(76);
    expect(assumed.every((e) => e.sessionId && !e.sessionId.startsWith("ASIA"))).toBe(true);
    expect(invictus.filter((e) => e.identity === "AWSService:secretsmanager.amazonaws.com").length).toBeGreaterThan(0);
  });

  it("maps an IAM user's access-key API call", () => {
    const e = invictus.find((x) => x.credentialRef?.startsWith("AKIA") && x.action === "ec2:CreateVolume")!;
    expect(e).toMatchObject({ actorType: "nhi", identityKind: "api_key", scope: "ec2:CreateVolume", decision: "allow" });
    expect(e.identity).toMatch(/^arn:aws:iam::\d+:user\//);
    expect(e.context).toMatchObject({ region: "us-east-1", eventType: "AwsApiCall" });
  });

  it("derives denials and errors from errorCode", () => {
    const denied = invictus.filter((e) => e.decision === "deny");
    expect(denied.every((e) => /AccessDenied|UnauthorizedOperation/.test(String(e.context?.errorCode)))).toBe(true);
    const throttled = invictus.filter((e) => e.context?.errorCode === "ThrottlingException");
    expect(throttled.length).toBe(102); // README: 102 ThrottlingException
    expect(throttled.every((e) => e.decision === "error")).toBe(true);
  });

  it("uses @timestamp when Logstash dropped eventTime, and classifies console, role and service principals", () => {
    expect(otrf.every((e) => e.occurredAt.getUTCFullYear() === 2020)).toBe(true);
    const byIdentity = new Map(otrf.map((e) => [e.identity, e]));
    expect(byIdentity.get("arn:aws:iam::123456789123:user/pedro")).toMatchObject({ actorType: "human", identityKind: "user" });
    expect(byIdentity.get("AWSService:ec2.amazonaws.com")).toMatchObject({ actorType: "nhi", identityKind: "service_account" });
    const role = otrf.find((e) => e.identity.includes(":role/"))!;
    expect(role).toMatchObject({
      identity: "arn:aws:iam::123456789123:role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0", identityName: "MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0",
      actorType: "nhi", identityKind: "workload_identity",
    });
    expect(role.sessionId).toMatch(/^i-[0-9a-f]+$/); // the instance-profile session name (the instance id)
    expect(role.credentialRef).toMatch(/^ASIA/);
    expect(otrf.filter((e) => e.identity === role.identity).length).toBe(11); // README: 11 events via aws-cli
  });

  it("treats console sign-in and IAM Identity Center roles as people", async () => {
    const files = await loadGroup("cloudtrail/stratus-red-team-detonation-logs");
    const events = files.flatMap((f) => f.events);
    expect(events.find((e) => e.action === "signin:ConsoleLogin")).toMatchObject({ actorType: "human", authResult: "success" });
    const sso = events.filter((e) => e.identity.includes("AWSReservedSSO"));
    expect(sso.length).toBeGreaterThan(0);
    expect(sso.every((e) => e.actorType === "human")).toBe(true);
  });

  it("records a failed console login as a denied authentication", async () => {
    const [raw] = await loadRecords("ocsf/aws-security-lake-ocsf-validation/cloudtrail-1.0.0-rc.2/authentication/ConsoleLogin-mfa-failure.raw.json");
    expect(cloudtrail.adapt(raw)).toMatchObject({ decision: "deny", authResult: "failure", actorType: "human", action: "signin:ConsoleLogin" });
  });

  it("adapts the raw CloudTrail inputs of the OCSF samples (6 events, 2 denied)", async () => {
    const files = await loadGroup("ocsf/aws-security-lake-ocsf-validation", /\.raw\.json$/);
    const events = files.flatMap((f) => f.events);
    expect([events.length, files.reduce((n, f) => n + f.rejected, 0)]).toEqual([6, 0]);
    expect(events.filter((e) => e.decision === "deny").length).toBe(2);
    for (const f of files) expect(distinct(f.events.map((e) => e.identity)), f.row.file).toBe(f.row.principals);
  });

  it("never throws on odd input", () => {
    for (const odd of [null, 42, "x", [], {}, { eventSource: 5, userIdentity: "nope", resources: [null] }]) {
      expect(() => cloudtrail.adapt(odd)).not.toThrow();
    }
  });
});
