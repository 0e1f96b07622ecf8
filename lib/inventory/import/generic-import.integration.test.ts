// The generic CSV / JSON import against real PostgreSQL, fed the downloadable templates themselves
// (so they stay importable): the CSV files and the JSON file describe the same inventory.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../../test/db";
import { userActor } from "../../test/actors";
import { templateFile, TEMPLATE_FILES } from "./generic/templates";
import { importInventory } from "./import-inventory";
import { inventorySnapshot, textFile } from "./test-files";

let t: TestDb;
const admin = { actor: userActor("admin") };
const q = async <T,>(text: string, values: unknown[] = []) => (await t.pool.query(text, values)).rows as T[];
const csvTemplates = () => TEMPLATE_FILES.filter((f) => f.endsWith(".csv")).map((f) => textFile(f, templateFile(f).text));
const generic = (files: ReturnType<typeof textFile>[], extra: object = {}) => importInventory(admin, { options: { source: "generic", ...extra }, files });

beforeAll(async () => {
  t = await createTestDatabase("generic_import");
});
afterAll(() => t?.close());

describe("generic import", () => {
  it("imports the CSV templates: identities, owners by email, credentials, grants with their risk classes", async () => {
    const out = await generic(csvTemplates());
    expect(out.mode).toBe("merge");
    expect(out.files.map((f) => f.format)).toEqual(["generic-csv:owners", "generic-csv:identities", "generic-csv:credentials", "generic-csv:grants"]);
    expect(out.diff.identities.added).toBe(3);
    expect(out.diff.grants.added).toBe(4);
    expect(out.diff.credentials.added).toBe(2);
    expect(out.diff.owners.ownerless).toBe(1);
    const rows = await q(`SELECT i.external_id, i.kind::text, i.provider, i.import_scope, o.team, o.person_name, o.person_email
                            FROM identities i LEFT JOIN owners o ON o.id = i.owner_id ORDER BY 1`);
    expect(rows).toEqual([
      { external_id: "entra-sp:8f2c1d4e-7a9b-4c3d-9e8f-1a2b3c4d5e6f", kind: "ci_token", provider: "entra", import_scope: "generic:entra", team: null, person_name: null, person_email: null },
      { external_id: "etl-loader@acme-data.iam.gserviceaccount.com", kind: "service_account", provider: "gcp", import_scope: "generic:gcp", team: "data", person_name: "Ada Lovelace", person_email: "ada.lovelace@example.com" },
      { external_id: "github-app:acme/release-bot", kind: "oauth_app", provider: "github", import_scope: "generic:github", team: "platform", person_name: "Grace Hopper", person_email: "grace.hopper@example.com" },
    ]);
    expect(await q(`SELECT name, risk_class::text FROM scopes ORDER BY lower(name)`)).toEqual([
      { name: "bigquery.tables.updateData", risk_class: "write" }, { name: "contents:write", risk_class: "write" },
      { name: "Microsoft.Authorization/roleAssignments/write", risk_class: "permission_change" }, { name: "packages:write", risk_class: "write" },
    ]);
    expect(await q(`SELECT alias, kind FROM identity_aliases`)).toEqual([{ alias: "12345678", kind: "source id" }]);
    expect(await q(`SELECT attributes FROM identities WHERE provider = 'github'`)).toEqual([{ attributes: { installation: "acme", repositories: "42" } }]);
  });

  it("the JSON template is the same inventory: importing it after the CSV files changes nothing", async () => {
    const before = await inventorySnapshot(t.pool);
    const out = await generic([textFile("inventory.json", templateFile("inventory.json").text)]);
    expect(out.collectedAt).toBe("2026-01-31T00:00:00.000Z");
    expect(out.diff.identities).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
    expect(out.diff.grants).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 4 });
    expect(await inventorySnapshot(t.pool)).toEqual(before);
  });

  it("a full import revokes the generic grants missing from it, within its providers only", async () => {
    const grants = templateFile("grants.csv").text.split("\r\n").filter((l) => !l.includes("packages:write")).join("\r\n");
    const out = await generic([textFile("grants.csv", grants)], { mode: "full" });
    expect(out.coverage.grants).toEqual([]); // no identities in these files: nothing is covered, nothing revoked
    expect(out.diff.grants.removed).toBe(0);
    const full = await generic([...csvTemplates().filter((f) => f.name !== "grants.csv"), textFile("grants.csv", grants)], { mode: "full" });
    expect(full.diff.grants.removed).toBe(1);
    expect(full.diff.samples.grantsRemoved).toEqual([{ identity: "github-app:acme/release-bot", name: "release-bot", scope: "packages:write", riskClass: "write" }]);
    expect(full.diff.credentials.removed).toBe(0);
  });

  it("refuses a bad cell with the file, line and column; a grant on an unknown identity or scope with its row", async () => {
    const bad = templateFile("identities.csv").text.replace(",oauth_app,", ",robot,");
    await expect(generic([textFile("identities.csv", bad)])).rejects.toMatchObject({
      code: "invalid", extra: { file: "identities.csv", path: "line 2, column kind", reason: expect.stringContaining("expected one of") },
    });
    await expect(generic([textFile("grants.csv", "identity,scope,risk_class\r\nnobody,contents:read,read\r\n")])).rejects.toMatchObject({
      extra: { file: "grants.csv", path: "line 2", reason: 'identity "nobody" is neither in these files nor in the inventory' },
    });
    await expect(generic([textFile("grants.csv", "identity,scope\r\ngithub-app:acme/release-bot,issues:write\r\n")])).rejects.toMatchObject({
      extra: { file: "grants.csv", path: "line 2", reason: 'scope "issues:write" is not in the inventory: give its risk_class' },
    });
    await expect(generic([textFile("x.csv", "foo,bar\r\n1,2\r\n")])).rejects.toMatchObject({ extra: { file: "x.csv", path: "line 1" } });
    await expect(generic([textFile("x.json", '{"identities": [{"externalId": "a"}]}')])).rejects.toMatchObject({
      extra: { file: "x.json", path: "$.identities[0], key provider" },
    });
  });
});
