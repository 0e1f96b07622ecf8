// Ingest keys on real PostgreSQL: created keys are stored only as a hash and audited, names are
// unique, revocation shuts the key out, and every role but admin is refused every verb.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../auth/roles";
import { createTestDatabase, type TestDb } from "../test/db";
import { NON_ADMINS, userActor } from "../test/actors";
import { authenticateIngestKey } from "./authenticate";
import { createIngestKey } from "./create-key";
import { listIngestKeys } from "./list-keys";
import { revokeIngestKey } from "./revoke-key";

let t: TestDb;
const admin = { actor: userActor("admin") };

async function auditRows(action: string) {
  return (await t.pool.query("SELECT actor_label, target_id, detail FROM warden_audit_log WHERE action = $1 ORDER BY seq", [action])).rows;
}

beforeAll(async () => {
  t = await createTestDatabase("ingest_keys");
});
afterAll(() => t?.close());

describe("ingest keys", () => {
  it("creates a key shown once, stores only its SHA-256 and audits the creation", async () => {
    const { key, summary } = await createIngestKey(admin, { name: "cloudtrail-prod", allowedSources: [" cloudtrail "] });
    expect(key).toMatch(/^wdn_[\w-]{43}$/);
    const { rows } = await t.pool.query("SELECT key_hash, key_prefix, allowed_sources, created_by FROM ingest_keys WHERE id = $1", [summary.id]);
    expect(rows).toEqual([
      { key_hash: createHash("sha256").update(key).digest("hex"), key_prefix: key.slice(0, 10), allowed_sources: ["cloudtrail"], created_by: "admin1@example.com" },
    ]);
    expect(JSON.stringify(summary)).not.toContain(rows[0].key_hash);
    expect(await auditRows("ingest_key.create")).toEqual([
      { actor_label: "admin1@example.com", target_id: summary.id, detail: { name: "cloudtrail-prod", allowedSources: ["cloudtrail"], scopes: ["events"] } },
    ]);
    expect(await authenticateIngestKey(`Bearer ${key}`)).toEqual({ kind: "ingest-key", id: summary.id, name: "cloudtrail-prod", allowedSources: ["cloudtrail"], scopes: ["events"] });
  });

  it("refuses a duplicate name (conflict) and a malformed one (invalid, naming the field), writing nothing", async () => {
    await expect(createIngestKey(admin, { name: "cloudtrail-prod" })).rejects.toMatchObject({ code: "conflict", field: "name" });
    await expect(createIngestKey(admin, { name: "has space" })).rejects.toMatchObject({ code: "invalid", field: "name" });
    expect(Number((await t.pool.query("SELECT count(*) FROM ingest_keys")).rows[0].count)).toBe(1);
    expect(await auditRows("ingest_key.create")).toHaveLength(1);
  });

  it("refuses every role but admin for create, revoke and list, before looking at the input", async () => {
    for (const actor of NON_ADMINS) {
      await expect(createIngestKey({ actor }, { name: "x" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(createIngestKey({ actor }, { name: "not valid!" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(revokeIngestKey({ actor }, { name: "cloudtrail-prod" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(listIngestKeys({ actor })).rejects.toMatchObject({ code: "forbidden" });
    }
    const { rows } = await t.pool.query("SELECT name, revoked_at FROM ingest_keys");
    expect(rows).toEqual([{ name: "cloudtrail-prod", revoked_at: null }]);
  });

  it("revokes a key: audited, refused from then on, and not revocable twice", async () => {
    const { key } = await createIngestKey({ actor: SYSTEM }, { name: "short-lived" });
    const revoked = await revokeIngestKey(admin, { name: "short-lived" });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await auditRows("ingest_key.revoke")).toEqual([{ actor_label: "admin1@example.com", target_id: revoked.id, detail: { name: "short-lived" } }]);
    await expect(authenticateIngestKey(`Bearer ${key}`)).rejects.toMatchObject({ code: "unauthenticated", message: 'ingest key "short-lived" was revoked' });
    await expect(revokeIngestKey(admin, { name: "short-lived" })).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeIngestKey(admin, { name: "never-existed" })).rejects.toMatchObject({ code: "not_found" });
    expect((await listIngestKeys(admin)).map((k) => [k.name, k.revokedAt === null])).toEqual([
      ["cloudtrail-prod", true],
      ["short-lived", false],
    ]);
  });

  it("refuses a missing, malformed or unknown bearer", async () => {
    for (const header of [null, "Basic abc", "Bearer wdn_unknown"]) {
      await expect(authenticateIngestKey(header)).rejects.toMatchObject({ code: "unauthenticated" });
    }
  });
});
