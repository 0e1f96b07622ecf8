// The verb and query helpers on real PostgreSQL: permission before input, the change and its
// audit row committed or rolled back together, nested verbs joining their caller's transaction,
// SET LOCAL settings, and the Runner's row types.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { SYSTEM } from "../auth/roles";
import { runner, sql, withTransaction } from "../db/sql";
import { createTestDatabase, type TestDb } from "../test/db";
import { userActor } from "../test/actors";
import { WardenError } from "./errors";
import { defineQuery, defineVerb } from "./verb";

let t: TestDb;
const admin = { actor: userActor("admin") };
const viewer = { actor: userActor("viewer") };

const addOwner = defineVerb({
  action: "owner.test_create",
  permission: "inventory:write",
  input: z.object({ team: z.string().min(2), failAfterWrite: z.boolean().default(false) }),
  async run(tx, { team, failAfterWrite }) {
    const o = (await tx.one<{ id: string }>(sql`
      INSERT INTO owners (team, person_name, person_email) VALUES (${team}, 'P', 'p@example.com') RETURNING id`))!;
    if (failAfterWrite) throw new WardenError("conflict", "refused after the write");
    return { result: o.id, audit: { targetType: "owner", targetId: o.id, detail: { team } } };
  },
});

const owners = defineQuery({
  permission: "inventory:read",
  run: (db) => db.rows<{ team: string }>(sql`SELECT team FROM owners ORDER BY team`),
});

const audited = async () =>
  (await t.pool.query("SELECT action, target_type, detail FROM warden_audit_log WHERE action = 'owner.test_create' ORDER BY seq")).rows;

beforeAll(async () => {
  t = await createTestDatabase("verb_core");
});
afterAll(() => t?.close());

describe("defineVerb / defineQuery", () => {
  it("checks the permission before it looks at the input", async () => {
    await expect(addOwner(viewer, { team: "x" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(addOwner(admin, { team: "x" })).rejects.toMatchObject({ code: "invalid", field: "team" });
    await expect(owners({ actor: { kind: "ingest-key", id: "k", name: "k", allowedSources: [] } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("commits the change with its audit row, named after the verb", async () => {
    const id = await addOwner(admin, { team: "payments" });
    expect(await owners(viewer)).toEqual([{ team: "payments" }]);
    expect(await audited()).toEqual([{ action: "owner.test_create", target_type: "owner", detail: { team: "payments" } }]);
    expect(addOwner.action).toBe("owner.test_create");
    expect((await t.pool.query("SELECT target_id FROM warden_audit_log WHERE action = 'owner.test_create'")).rows[0].target_id).toBe(id);
  });

  it("rolls the change back, audit row and all, when the verb fails after writing", async () => {
    await expect(addOwner(admin, { team: "platform", failAfterWrite: true })).rejects.toMatchObject({ code: "conflict" });
    expect(await owners(viewer)).toEqual([{ team: "payments" }]);
    expect(await audited()).toHaveLength(1);
  });

  it("joins the caller's transaction: both verbs' changes go or stay together", async () => {
    await expect(
      withTransaction(undefined, async (tx) => {
        await addOwner({ ...admin, tx }, { team: "security" });
        await addOwner({ ...admin, tx }, { team: "data" });
        throw new Error("caller changed its mind");
      }),
    ).rejects.toThrow("caller changed its mind");
    expect(await owners(viewer)).toEqual([{ team: "payments" }]);
    await withTransaction(undefined, async (tx) => {
      await addOwner({ actor: SYSTEM, tx }, { team: "security" });
      await addOwner({ actor: SYSTEM, tx }, { team: "data" });
    });
    expect((await owners(viewer)).map((o) => o.team)).toEqual(["data", "payments", "security"]);
    expect(await audited()).toHaveLength(3);
  });
});

describe("withTransaction and the Runner", () => {
  it("applies SET LOCAL settings to its own transaction only", async () => {
    const inside = await withTransaction(undefined, (tx) => tx.one<{ v: string }>(sql`SELECT current_setting('lock_timeout') AS v`), {
      settings: { lock_timeout: "123ms" },
    });
    expect(inside?.v).toBe("123ms");
    const after = await runner().one<{ v: string }>(sql`SELECT current_setting('lock_timeout') AS v`);
    expect(after?.v).not.toBe("123ms");
    await expect(withTransaction(undefined, async () => 1, { settings: { "bad name;": "x" } })).rejects.toThrow(/invalid setting/);
  });

  it("returns counts and sums as numbers, dates as UTC midnight, jsonb parsed", async () => {
    const r = await runner().one<Record<string, unknown>>(sql`
      SELECT count(*) AS n, sum(x)::numeric AS s, 9007199254740991::bigint AS big, DATE '2026-03-01' AS d,
             '{"a":[1]}'::jsonb AS j, ${"it's"} AS p
        FROM (VALUES (1.5), (2.5)) v(x)`);
    expect(r).toEqual({ n: 2, s: 4, big: 9007199254740991, d: new Date("2026-03-01T00:00:00Z"), j: { a: [1] }, p: "it's" });
  });
});
