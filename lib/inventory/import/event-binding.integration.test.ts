// Events bound to imported identities, on real PostgreSQL: CloudTrail assumed-role sessions land on
// their role (not on one identity per session ARN) and show up as granted-used / granted-unused /
// used-without-grant on the heatmap and the identity page; the invictus-ir sample's sessions land
// on their roles; OCSF and CloudTrail name one principal alike; discovered identities that turn out
// to be imported ones are adopted or merged with their events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_HEAT_COLUMNS, overPrivilegeReport } from "../../analytics/over-privilege";
import { userActor, ingestKeyActor } from "../../test/actors";
import { createTestDatabase, type TestDb } from "../../test/db";
import { grantsWithUsage, ungrantedUse } from "../../identities/grants";
import { adaptRecords } from "../../ingest/adapters";
import { loadRecords, pick, sampleFiles, text } from "../../ingest/adapters/test-samples";
import { validateEvents } from "../../ingest/event-schema";
import { ingestBatch } from "../../ingest/ingest-batch";
import { persistEvents, type StoredEvent } from "../../ingest/persist";
import { importInventory } from "./import-inventory";
import { AWS_SAMPLES, sampleFile } from "./test-files";

let t: TestDb;
const admin = { actor: userActor("admin") };
const viewer = { actor: userActor("auditor") };
const q = async <T,>(text: string, values: unknown[] = []) => (await t.pool.query(text, values)).rows as T[];
const count = async (text: string, values: unknown[] = []) => Number(Object.values((await t.pool.query(text, values)).rows[0])[0]);

const ACCOUNT = "200611803367";
const ROLE = "AWS-QuickSetup-EnableCRecording-1clff_ap-northeast-1";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const now = new Date();

/** A CloudTrail record of the role's session `session` calling `action`. */
function call(i: number, action: string, session: string, errorCode?: string) {
  const [service, name] = action.split(":");
  return {
    eventVersion: "1.08", eventID: `binding-${i}`, eventTime: new Date(now.getTime() - 3_600_000 + i * 1000).toISOString(),
    eventSource: `${service}.amazonaws.com`, eventName: name, awsRegion: "ap-northeast-1", sourceIPAddress: "10.0.0.7",
    userAgent: "aws-sdk-go/1.44", recipientAccountId: ACCOUNT, ...(errorCode ? { errorCode } : {}),
    userIdentity: {
      type: "AssumedRole", principalId: `AROAS5NLFGDTVAEPEVY6N:${session}`, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/${session}`,
      accountId: ACCOUNT, accessKeyId: `ASIAS5NLFGDT${String(i).padStart(8, "0")}`,
      sessionContext: { sessionIssuer: { type: "Role", principalId: "AROAS5NLFGDTVAEPEVY6N", arn: ROLE_ARN, accountId: ACCOUNT, userName: ROLE } },
    },
  };
}

const ingest = (records: unknown[], format: "cloudtrail" | "canonical" = "cloudtrail") =>
  ingestBatch(ingestKeyActor, { body: Buffer.from(JSON.stringify(records)), contentType: "application/json", format });

beforeAll(async () => {
  t = await createTestDatabase("event_binding");
});
afterAll(() => t?.close());

describe("events on imported identities", () => {
  it("adopts and merges discovered identities that the import names, keeping their events", async () => {
    // As earlier versions stored them: one identity per assumed-role session ARN, and the IAM user by ARN.
    const old = [
      { eventId: "old-1", source: "cloudtrail", occurredAt: new Date(now.getTime() - 7_200_000).toISOString(), identity: "arn:aws:sts::012345678901:assumed-role/MyRole/nightly", action: "s3:GetObject", scope: "s3:GetObject", decision: "allow" },
      { eventId: "old-2", source: "cloudtrail", occurredAt: new Date(now.getTime() - 7_100_000).toISOString(), identity: "arn:aws:sts::012345678901:assumed-role/MyRole/hourly", action: "iam:PassRole", scope: "iam:PassRole", decision: "allow" },
      { eventId: "old-3", source: "cloudtrail", occurredAt: new Date(now.getTime() - 7_000_000).toISOString(), identity: "arn:aws:iam::012345678901:user/obama", action: "iam:ListUsers", scope: "iam:ListUsers", decision: "allow" },
    ];
    expect((await ingest(old, "canonical")).discoveredIdentities).toBe(3);
    const obamaId = (await q<{ id: string }>(`SELECT id FROM identities WHERE external_id = 'arn:aws:iam::012345678901:user/obama'`))[0].id;

    const out = await importInventory(admin, { options: { source: "aws" }, files: [sampleFile(`${AWS_SAMPLES}/cloudsplaining-example.json`)] });
    expect(out.diff.identities).toMatchObject({ adopted: 2, merged: 1 }); // obama and one MyRole session are adopted; the other session is merged
    expect(out.diff.samples.merged.map((m) => m.into).sort()).toEqual(["arn:aws:iam::012345678901:role/MyRole", "arn:aws:iam::012345678901:role/MyRole"]);
    const role = await q<{ id: string; status: string; n: number }>(`
      SELECT i.id, i.status::text, (SELECT count(*)::int FROM audit_events e WHERE e.identity_id = i.id) AS n
        FROM identities i WHERE i.external_id = 'arn:aws:iam::012345678901:role/MyRole'`);
    expect(role).toEqual([{ id: expect.any(String), status: "active", n: 2 }]);
    expect(await q(`SELECT identity_ref FROM audit_events WHERE identity_id = $1 ORDER BY event_id`, [role[0].id])).toEqual([
      { identity_ref: "arn:aws:sts::012345678901:assumed-role/MyRole/nightly" }, { identity_ref: "arn:aws:sts::012345678901:assumed-role/MyRole/hourly" },
    ]);
    expect(await count(`SELECT sum(count) FROM event_rollups_hourly_live WHERE identity_id = $1`, [role[0].id])).toBe(2);
    expect(await count(`SELECT count(*) FROM identities WHERE external_id LIKE '%:assumed-role/%'`)).toBe(0);
    expect(await q(`SELECT id, status::text AS status FROM identities WHERE external_id = 'arn:aws:iam::012345678901:user/obama'`)).toEqual([{ id: obamaId, status: "active" }]);
    // A later event under an old session name binds to the role through the alias the merge left.
    await ingest([{ ...old[0], eventId: "old-4", occurredAt: new Date(now.getTime() - 60_000).toISOString() }], "canonical");
    expect(await count(`SELECT count(*) FROM audit_events WHERE identity_id = $1`, [role[0].id])).toBe(3);
  });

  it("binds assumed-role sessions to the role and shows granted-used, granted-unused and used-without-grant", async () => {
    const before = await count(`SELECT count(*) FROM identities`);
    const records = [
      call(1, "s3:ListBucket", "config-recorder-1"), call(2, "s3:ListBucket", "config-recorder-1"), call(3, "s3:ListBucket", "config-recorder-2"),
      call(4, "kms:Decrypt", "config-recorder-2"), call(5, "ec2:RunInstances", "config-recorder-2", "Client.UnauthorizedOperation"),
    ];
    const res = await ingest(records);
    expect(res).toMatchObject({ accepted: 5, discoveredIdentities: 0 });
    expect(await count(`SELECT count(*) FROM identities`)).toBe(before);
    const [role] = await q<{ id: string }>(`SELECT id FROM identities WHERE external_id = $1`, [ROLE_ARN]);
    expect(await q(`SELECT session_id, count(*)::int AS n FROM audit_events WHERE identity_id = $1 GROUP BY 1 ORDER BY 1`, [role.id])).toEqual([
      { session_id: "config-recorder-1", n: 2 }, { session_id: "config-recorder-2", n: 3 },
    ]);

    const grants = await grantsWithUsage(viewer, { identityId: role.id, days: 30, now: new Date() });
    const uses = Object.fromEntries(grants.map((g) => [g.scope, g.uses]));
    expect(uses["s3:ListBucket"]).toBe(3);
    expect(uses["kms:Decrypt"]).toBe(1);
    expect(uses["iam:PassRole"]).toBe(0); // granted, unused
    expect(uses["ec2:RunInstances"]).toBeUndefined();
    expect(grants.filter((g) => g.uses > 0).map((g) => g.scope).sort()).toEqual(["kms:Decrypt", "s3:ListBucket"]);
    expect((await ungrantedUse(viewer, { identityId: role.id, days: 30, now: new Date() })).map((u) => [u.scope, u.denied])).toEqual([["ec2:RunInstances", 1]]);

    const report = await overPrivilegeReport(viewer, { window: "30d", sort: "score", n: 5, q: ROLE, now: new Date() });
    const row = report.rows.find((r) => r.externalId === ROLE_ARN)!;
    const cell = (scope: string) => row.cells.find((c) => c.scope === scope);
    expect(cell("s3:ListBucket")).toMatchObject({ uses: 3, grantedAtMs: expect.any(Number) });
    expect(cell("kms:Decrypt")).toMatchObject({ uses: 1, grantedAtMs: expect.any(Number) });
    expect(cell("iam:PassRole")).toMatchObject({ uses: 0, grantedAtMs: expect.any(Number) });
    expect(cell("ec2:RunInstances")).toMatchObject({ grantedAtMs: null, denied: 1 });
    const granted = await count(`SELECT count(*) FROM grants WHERE identity_id = $1 AND revoked_at IS NULL`, [role.id]);
    expect([row.granted, row.unused]).toEqual([granted, granted - 2]);

    // The whole estate: roles with AdministratorAccess hold ~22,000 scopes; the grid draws at most
    // MAX_HEAT_COLUMNS of them, the used ones first, and says how many it leaves out.
    const all = await overPrivilegeReport(viewer, { window: "30d", sort: "score", n: 200, now: new Date() });
    expect(all.columns.length).toBe(MAX_HEAT_COLUMNS);
    expect(all.hiddenColumns).toBeGreaterThan(20_000);
    expect(all.columns.map((c) => c.scope)).toEqual(expect.arrayContaining(["s3:ListBucket", "kms:Decrypt", "ec2:RunInstances"]));
    const admin = all.rows.find((r) => r.externalId === `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`)!;
    expect(admin.granted).toBeGreaterThan(20_000); // the row's figures count every grant
    expect(admin.cells.length).toBeLessThanOrEqual(MAX_HEAT_COLUMNS);
  });

  it("lands the invictus-ir sample's assumed-role sessions on their roles", async () => {
    const files = sampleFiles("cloudtrail/invictus-ir-aws-dataset");
    const records = (await Promise.all(files.map(loadRecords))).flat();
    const principal = (r: unknown) => pick(r, "userIdentity", "type") === "AssumedRole"
      ? text(pick(r, "userIdentity", "sessionContext", "sessionIssuer", "arn"))!
      : text(pick(r, "userIdentity", "arn")) ?? `${text(pick(r, "userIdentity", "type")) ?? "AWSService"}:${text(pick(r, "userIdentity", "principalId")) ?? text(pick(r, "userIdentity", "invokedBy")) ?? text(pick(r, "userIdentity", "accountId"))}`;
    const expected = new Set(records.map(principal));
    const roles = new Set(records.filter((r) => pick(r, "userIdentity", "type") === "AssumedRole").map(principal));
    const before = await count(`SELECT count(*) FROM identities`);
    let discovered = 0;
    for (const f of files) discovered += (await ingestBatch(ingestKeyActor, { body: Buffer.from(JSON.stringify({ Records: await loadRecords(f) })), format: "cloudtrail" })).discoveredIdentities;
    expect(discovered).toBe(expected.size);
    expect(await count(`SELECT count(*) FROM identities`)).toBe(before + expected.size);
    expect(await count(`SELECT count(*) FROM identities WHERE external_id = ANY($1::text[])`, [[...roles]])).toBe(roles.size);
    expect(await count(`SELECT count(*) FROM identities WHERE external_id LIKE '%:assumed-role/%'`)).toBe(0);
    expect(await count(`SELECT count(*) FROM audit_events e JOIN identities i ON i.id = e.identity_id WHERE e.source = 'cloudtrail' AND e.identity_ref = ANY($1::text[])`, [[...roles]])).toBe(76);
  });

  it("names a principal alike from OCSF and from CloudTrail: one identity", async () => {
    const before = await count(`SELECT count(*) FROM identities`);
    const events: StoredEvent[] = [];
    const refs = new Set<string>();
    for (const f of sampleFiles("ocsf/aws-security-lake-ocsf-validation/cloudtrail-1.0.0-rc.2", /\.(raw\.json|parquet)$/)) {
      const { valid } = validateEvents(adaptRecords(await loadRecords(f)).events);
      for (const v of valid) events.push({ ...v.event, source: v.event.source ?? "ocsf" } as StoredEvent);
      if (f.endsWith(".raw.json")) for (const v of valid) refs.add(v.event.identity);
    }
    expect(events.length).toBe(12); // six records, each as CloudTrail and as OCSF
    await persistEvents(t.pool, ingestKeyActor, events);
    expect(await count(`SELECT count(*) FROM identities`)).toBe(before + refs.size);
    expect(await count(`SELECT count(DISTINCT identity_id) FROM audit_events WHERE source = 'ocsf'`)).toBe(refs.size);
  });
});
