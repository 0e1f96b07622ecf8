// The heatmap's closed-day usage sums (migration 0009) on real PostgreSQL: whoever writes a day
// before today marks them stale in its own transaction (ingest by itself, every other writer
// through the trigger), today's events are read live, and a set that is not fresh is never read:
// each report is compared with count(*) over the raw events.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../auth/roles";
import { ingestBatch } from "../ingest/ingest-batch";
import { createTestDatabase, type TestDb } from "../test/db";
import { rollupsFromEvents } from "../test/rollups";
import { overPrivilegeReport } from "./over-privilege";

let t: TestDb;
const now = new Date("2026-11-20T12:30:00Z");
const DAY = 86_400_000;
let seq = 0;

/** Events through the real ingest path (validation, enrichment, the ingest's own rollups). */
async function ingest(identity: string, scope: string, n: number, daysAgo: number) {
  const at = now.getTime() - daysAgo * DAY - 3_600_000;
  const events = Array.from({ length: n }, (_, i) => ({
    eventId: `w-${seq++}`, source: "gateway", occurredAt: new Date(at + i * 1000).toISOString(),
    identity, action: "call", scope, decision: "allow",
  }));
  const r = await ingestBatch(SYSTEM, { body: gzipSync(JSON.stringify(events)), contentType: "application/json", contentEncoding: "gzip" });
  expect(r.accepted).toBe(n);
}

/** What the heatmap must show for a 7-day window, straight from the raw events. */
async function rawUses(): Promise<Record<string, number>> {
  const { rows } = await t.pool.query<{ k: string; n: string }>(
    `SELECT i.name || ' ' || e.scope AS k, count(*) AS n FROM audit_events e JOIN identities i ON i.id = e.identity_id
      WHERE e.occurred_at >= $1::date - 6 AND e.decision <> 'deny' AND e.scope IS NOT NULL GROUP BY 1`,
    [now.toISOString().slice(0, 10)],
  );
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}

async function reportUses(): Promise<Record<string, number>> {
  const r = await overPrivilegeReport({ actor: SYSTEM }, { window: "7d", sort: "score", n: 500, q: undefined, now });
  return Object.fromEntries(r.rows.flatMap((row) => row.cells.filter((c) => c.uses > 0).map((c) => [`${row.name} ${c.scope}`, c.uses])));
}

async function state() {
  const { rows } = await t.pool.query<{ as_of: string; fresh: boolean; refreshed_at: Date }>(
    "SELECT as_of::text, fresh, refreshed_at FROM usage_window_state WHERE window_days = 7");
  return rows[0];
}

beforeAll(async () => {
  t = await createTestDatabase("usage_windows");
  for (const name of ["svc-a", "svc-b"]) {
    await t.prisma.identity.create({
      data: { externalId: name, name, kind: "service_account", actorType: "nhi", provider: "internal", environment: "prod", status: "active" },
    });
  }
  await ingest("svc-a", "db:read", 5, 3);
  await ingest("svc-b", "db:write", 2, 1);
});
afterAll(() => t.close());

describe("closed-day usage sums", () => {
  it("are counted once for the day, while today's events are read live", async () => {
    expect(await reportUses()).toEqual(await rawUses());
    const first = await state();
    expect(first).toMatchObject({ as_of: "2026-11-20", fresh: true });
    const { rows } = await t.pool.query("SELECT scope, uses::int FROM usage_window_sums WHERE window_days = 7 ORDER BY scope");
    expect(rows).toEqual([{ scope: "db:read", uses: 5 }, { scope: "db:write", uses: 2 }]);

    await ingest("svc-a", "db:read", 4, 0);
    expect(await state()).toEqual(first); // today's batch left the set alone…
    expect(await reportUses()).toEqual({ ...(await rawUses()), "svc-a db:read": 9 }); // …and is counted
    expect((await state()).refreshed_at).toEqual(first.refreshed_at);
  });

  it("go stale when an ingest batch reaches back into the closed days, and the next report recounts", async () => {
    await ingest("svc-b", "db:write", 3, 2);
    expect((await state()).fresh).toBe(false);
    expect(await reportUses()).toEqual(await rawUses());
    expect(await reportUses()).toMatchObject({ "svc-b db:write": 5 });
    expect((await state()).fresh).toBe(true);
  });

  it("go stale when another writer changes the daily rollups (here: events and rollups written in SQL)", async () => {
    const { rows } = await t.pool.query<{ id: string }>("SELECT id FROM identities WHERE name = 'svc-a'");
    const at = new Date(now.getTime() - 4 * DAY);
    await t.pool.query("SELECT warden_ensure_event_partitions($1, $1)", [at]);
    await t.pool.query(
      `INSERT INTO audit_events (source, event_id, occurred_at, received_at, identity_id, identity_ref, actor_type, action, scope, decision, granted)
       SELECT 'sql', 'sql-' || g, $1::timestamptz + g * interval '1 second', $1, $2, 'svc-a', 'nhi', 'call', 'db:export', 'allow', false
         FROM generate_series(1, 6) AS g`,
      [at, rows[0].id],
    );
    // Rebuilt from the events: folded rollups and ingest's pending deltas both go.
    await t.pool.query("DELETE FROM event_rollups_hourly WHERE true; DELETE FROM event_rollup_deltas");
    await rollupsFromEvents(t.pool);
    expect((await state()).fresh).toBe(false);
    expect(await reportUses()).toEqual(await rawUses());
    expect(await reportUses()).toMatchObject({ "svc-a db:export": 6 });
  });

  it("are never read while stale: with the recount blocked, the report sums the daily rollups", async () => {
    await reportUses();
    // A stale set holding wrong figures, and a transaction holding its state row.
    await t.pool.query("UPDATE usage_window_sums SET uses = uses + 1000 WHERE window_days = 7");
    await t.pool.query("UPDATE usage_window_state SET fresh = false WHERE window_days = 7");
    const holder = await t.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM usage_window_state WHERE window_days = 7 FOR UPDATE");
      expect(await reportUses()).toEqual(await rawUses());
      await holder.query("ROLLBACK");
    } finally {
      holder.release();
    }
    expect((await state()).fresh).toBe(false);
    expect(await reportUses()).toEqual(await rawUses());
    expect((await state()).fresh).toBe(true);
  });

  it("recount once when many reports find them stale together", async () => {
    await t.pool.query("UPDATE usage_window_state SET fresh = false WHERE window_days = 7");
    const expected = await rawUses();
    const results = await Promise.all(Array.from({ length: 6 }, () => reportUses()));
    for (const r of results) expect(r).toEqual(expected);
    expect((await state()).fresh).toBe(true);
  });
});
