// Retention on real PostgreSQL: whole days past every policy are dropped as partitions, younger
// days lose only the classes whose time is up, the run is audited, and only admins may run it
// (its own permission, not settings:read). Expected counts follow from how the fixture is built.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../auth/roles";
import { validateEvents } from "../ingest/event-schema";
import { persistEvents, type StoredEvent } from "../ingest/persist";
import { foldRollups } from "../ingest/rollup-fold";
import { createTestDatabase, type TestDb } from "../test/db";
import { NON_ADMINS, userActor } from "../test/actors";
import { applyRetention } from "./apply-retention";

let t: TestDb;
const DAY = 86_400_000;
const now = new Date("2026-12-01T12:00:00Z");
const AGES = [500, 200, 120, 10]; // days before `now`
// Per age: two routine reads, one write, one admin action and one denial.
const KINDS = [
  { scope: "files:read", decision: "allow" },
  { scope: "files:read", decision: "allow" },
  { scope: "files:write", decision: "allow" },
  { scope: "iam:admin", decision: "allow" },
  { scope: "files:write", decision: "deny" },
] as const;

function fixture(): StoredEvent[] {
  const raw = AGES.flatMap((age) =>
    KINDS.map((k, i) => ({
      eventId: `e-${age}-${i}`, source: "gw", occurredAt: new Date(now.getTime() - age * DAY).toISOString(),
      identity: "svc-a", action: "call", scope: k.scope, decision: k.decision,
    })),
  );
  const { valid, rejected } = validateEvents(raw);
  expect(rejected).toEqual([]);
  return valid.map((v) => ({ ...v.event, source: "gw" }));
}

const remaining = async () =>
  (await t.pool.query<{ id: string }>("SELECT event_id AS id FROM audit_events ORDER BY event_id")).rows.map((r) => r.id);

beforeAll(async () => {
  t = await createTestDatabase("retention");
  await t.pool.query(`INSERT INTO scopes (name, resource, risk_class, provider) VALUES
    ('files:read', 'files', 'read', 'internal'), ('files:write', 'files', 'write', 'internal'), ('iam:admin', 'iam', 'admin', 'internal')`);
  expect((await persistEvents(t.pool, SYSTEM, fixture())).inserted).toBe(AGES.length * KINDS.length);
  await foldRollups(t.pool, { wait: true });
});
afterAll(() => t?.close());

describe("applyRetention", () => {
  it("has its own permission, and refuses every role but admin without deleting anything", async () => {
    expect(applyRetention.permission).toBe("retention:apply");
    for (const actor of NON_ADMINS) await expect(applyRetention({ actor }, { now })).rejects.toMatchObject({ code: "forbidden" });
    expect(await remaining()).toHaveLength(20);
  });

  it("drops days past every policy, deletes each class past its own, keeps the rest, and audits the run", async () => {
    const day500 = `audit_events_p${new Date(now.getTime() - 500 * DAY).toISOString().slice(0, 10).replaceAll("-", "")}`;
    const report = await applyRetention({ actor: userActor("admin") }, { now });
    expect(report.droppedPartitions).toEqual([day500]);
    // 200 days: routine (90) and write (180) are past their time; 120 days: routine only.
    expect(report.deletedRows).toEqual({ routine: 4, write: 1 });
    expect(await remaining()).toEqual(["e-10-0", "e-10-1", "e-10-2", "e-10-3", "e-10-4", "e-120-2", "e-120-3", "e-120-4", "e-200-3", "e-200-4"]);
    const partitions = await t.pool.query("SELECT 1 FROM pg_class WHERE relname = $1", [day500]);
    expect(partitions.rowCount).toBe(0);
    // Rollups follow the longest policy (400 days): only the 500-day-old hour goes.
    const hours = await t.pool.query<{ n: number }>("SELECT count(DISTINCT hour)::int AS n FROM event_rollups_hourly");
    expect(hours.rows[0].n).toBe(3);
    const audit = await t.pool.query("SELECT actor_label, detail FROM warden_audit_log WHERE action = 'retention.apply'");
    expect(audit.rows).toEqual([{ actor_label: "admin1@example.com", detail: { policyDays: { routine: 90, write: 180, sensitive: 400 }, ...report } }]);
  });

  it("finds nothing more to do on a second run", async () => {
    const again = await applyRetention({ actor: SYSTEM }, { now });
    expect(again).toEqual({ droppedPartitions: [], deletedRows: { routine: 0, write: 0 }, rollupRowsDeleted: 0 });
    expect(await remaining()).toHaveLength(10);
  });
});
