// The derived rollups (daily identity × scope, per-identity hourly and daily) must equal the
// hourly rollups and the raw events after every kind of write: concurrent ingest batches with
// duplicates, retention deletes, and a TRUNCATE. Counted independently from audit_events. Ingest
// appends rollup deltas that a fold moves into the tables (migration 0010): what readers see (the
// *_live views) must be exact at every moment, folds running or not, and the tables after a fold.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../auth/roles";
import { validateEvents } from "../ingest/event-schema";
import { persistEvents, type StoredEvent } from "../ingest/persist";
import { foldRollups } from "../ingest/rollup-fold";
import { applyRetention } from "../retention/apply-retention";
import { createTestDatabase, type TestDb } from "../test/db";

let t: TestDb;
const base = Date.parse("2026-03-01T21:30:00Z"); // batches straddle UTC midnights
const DECISIONS = ["allow", "allow", "allow", "deny", "error"] as const;

function events(from: number, n: number): StoredEvent[] {
  const raw = Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      eventId: `e-${i}`,
      source: "gw",
      occurredAt: new Date(base + i * 37_000).toISOString(), // ~2.4 days for 5,600 events
      identity: `svc-${i % 7}`,
      action: "call",
      scope: i % 11 === 0 ? undefined : `s:${i % 5}`,
      decision: DECISIONS[i % DECISIONS.length],
    };
  });
  const { valid, rejected } = validateEvents(raw);
  expect(rejected).toEqual([]);
  return valid.map((v) => ({ ...v.event, source: "gw" }));
}

/**
 * Rows where a derived rollup disagrees with the same grouping over the raw events: in the tables
 * ("folded"), or as readers see them ("live": the tables plus unfolded deltas, summed per key).
 */
async function mismatches(what: "live" | "folded"): Promise<Record<string, number>> {
  const q = async (sql: string) => Number((await t.pool.query(sql)).rows[0].n);
  const rel = (table: string, key: string, cols: string) => (what === "folded" ? table
    : `(SELECT ${key}, ${cols.split(", ").map((c) => `sum(${c}) AS ${c}`).join(", ")} FROM ${table}_live GROUP BY ${key})`);
  const daily = rel("event_rollups_daily", "day, identity_id, scope", "events, denials, ungranted_uses");
  const identityHourly = rel("identity_events_hourly", "hour, identity_id", "events, denials");
  const identityDaily = rel("identity_events_daily", "day, identity_id", "events, denials");
  const raw = `SELECT occurred_at, identity_id, coalesce(scope, '') AS scope, decision, coalesce(granted, false) AS granted FROM audit_events`;
  return {
    daily: await q(`SELECT count(*) AS n FROM (
        SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, identity_id, scope, count(*) AS events,
               count(*) FILTER (WHERE decision = 'deny') AS denials,
               count(*) FILTER (WHERE decision <> 'deny' AND NOT granted) AS ungranted
          FROM (${raw}) e GROUP BY 1, 2, 3) e
      FULL JOIN ${daily} d USING (day, identity_id, scope)
      WHERE d.events IS DISTINCT FROM e.events OR d.denials IS DISTINCT FROM e.denials
         OR d.ungranted_uses IS DISTINCT FROM e.ungranted`),
    hourly: await q(`SELECT count(*) AS n FROM (
        SELECT date_trunc('hour', occurred_at) AS hour, identity_id, count(*) AS events,
               count(*) FILTER (WHERE decision = 'deny') AS denials
          FROM audit_events GROUP BY 1, 2) e
      FULL JOIN ${identityHourly} h USING (hour, identity_id)
      WHERE h.events IS DISTINCT FROM e.events OR h.denials IS DISTINCT FROM e.denials`),
    identityDaily: await q(`SELECT count(*) AS n FROM (
        SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, identity_id, count(*) AS events,
               count(*) FILTER (WHERE decision = 'deny') AS denials
          FROM audit_events GROUP BY 1, 2) e
      FULL JOIN ${identityDaily} d USING (day, identity_id)
      WHERE d.events IS DISTINCT FROM e.events OR d.denials IS DISTINCT FROM e.denials`),
  };
}

/** How far the live total is from the raw events, both read in one snapshot. */
async function liveTotalOffset(): Promise<{ off: number }> {
  const { rows } = await t.pool.query(`SELECT (SELECT coalesce(sum(events), 0) FROM identity_events_daily_live)
    - (SELECT count(*) FROM audit_events) AS off`);
  return { off: Number(rows[0].off) };
}

beforeAll(async () => {
  t = await createTestDatabase("derived_rollups");
  // One granted scope, so ungranted_uses has both kinds of rows to tell apart.
  const owner = await t.prisma.owner.create({ data: { team: "core", personName: "Ann", personEmail: "ann@example.com" } });
  const id = await t.prisma.identity.create({
    data: { externalId: "svc-1", name: "svc-1", kind: "service_account", actorType: "nhi", provider: "internal", environment: "prod", status: "active", ownerId: owner.id },
  });
  const scope = await t.prisma.scope.create({ data: { name: "s:1", resource: "s", riskClass: "read", provider: "internal" } });
  await t.prisma.grant.create({ data: { identityId: id.id, scopeId: scope.id, grantedBy: "test", grantedAt: new Date(base - 86_400_000) } });
});
afterAll(() => t?.close());

describe("derived rollups", () => {
  it("equal the raw events after concurrent, overlapping batches with duplicates, with folds running meanwhile", async () => {
    // Four writers at once over the same identities, scopes and hours; the last two resend parts
    // of the first two (retries), which must not count twice. Folds run alongside them, and the
    // live view is checked between batches.
    let writing = true;
    const liveChecks: Record<string, number>[] = [];
    const folding = (async () => {
      while (writing) {
        await foldRollups(t.pool, { wait: true });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const write = async (from: number) => {
      const r = await persistEvents(t.pool, SYSTEM, events(from, 2000));
      liveChecks.push(await liveTotalOffset());
      return r;
    };
    const results = await Promise.all([write(0), write(2000), write(1500), write(3600)]);
    writing = false;
    await folding;
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(5600);
    // Each writer gets its own account of inserted and duplicate events.
    expect(results.map((r) => r.inserted + r.duplicates)).toEqual([2000, 2000, 2000, 2000]);
    // Taken while other batches and folds were in flight: the live total always equals the events.
    expect(liveChecks).toEqual(liveChecks.map(() => ({ off: 0 })));
    expect(await mismatches("live")).toEqual({ daily: 0, hourly: 0, identityDaily: 0 });
    await foldRollups(t.pool, { wait: true });
    expect(Number((await t.pool.query("SELECT count(*) FROM event_rollup_deltas")).rows[0].count)).toBe(0);
    expect(await mismatches("folded")).toEqual({ daily: 0, hourly: 0, identityDaily: 0 });
    const { rows } = await t.pool.query(
      `SELECT sum(ungranted_uses)::int AS ungranted, sum(events)::int AS events FROM event_rollups_daily`,
    );
    expect(rows[0].events).toBe(5600);
    expect(rows[0].ungranted).toBeGreaterThan(0);
  });

  it("are still derived by the triggers for other writers on a connection a fold has used", async () => {
    // The fold turns the triggers off for its own transaction only (SET LOCAL): a one-connection
    // pool makes the next writer use the very connection the fold ran on.
    const single = new pg.Pool({ connectionString: t.url, max: 1, options: "-c TimeZone=UTC" });
    try {
      await persistEvents(single, SYSTEM, events(9000, 10));
      expect(await foldRollups(single, { wait: true })).toMatchObject({ deltas: expect.any(Number) });
      const hour = "2026-06-01T10:00:00Z";
      const { rows: ids } = await single.query("SELECT id FROM identities LIMIT 1");
      await single.query(
        `INSERT INTO event_rollups_hourly (hour, identity_id, scope, decision, granted, count, first_at, last_at)
         VALUES ($1, $2, 's:x', 'deny', false, 3, $1, $1)`, [hour, ids[0].id]);
      const { rows } = await single.query("SELECT events::int, denials::int FROM identity_events_hourly WHERE hour = $1", [hour]);
      expect(rows).toEqual([{ events: 3, denials: 3 }]);
      await single.query("DELETE FROM event_rollups_hourly WHERE hour = $1", [hour]);
      expect((await single.query("SELECT count(*)::int AS n FROM identity_events_hourly WHERE hour = $1", [hour])).rows[0].n).toBe(0);
    } finally {
      await single.end();
    }
    expect(await mismatches("folded")).toEqual({ daily: 0, hourly: 0, identityDaily: 0 });
  });

  it("follow retention when old rollup hours are deleted", async () => {
    // Retention keeps rollups for the longest policy (400 days): pick "now" so the cut falls
    // inside the stored span, then compare against the hourly rollups that remain.
    const now = new Date(base + 400 * 86_400_000 + 86_400_000);
    // Late events in the hours about to be cut, still unfolded: retention removes their deltas too.
    const late = events(0, 50).map((e) => ({ ...e, eventId: `late-${e.eventId}` }));
    expect((await persistEvents(t.pool, SYSTEM, late)).inserted).toBe(50);
    await foldRollups(t.pool, { wait: true }); // the earlier batches' deltas: the tables below are whole
    await persistEvents(t.pool, SYSTEM, late.map((e) => ({ ...e, eventId: `later-${e.eventId}` })));
    const report = await applyRetention({ actor: SYSTEM }, { now });
    expect(report.rollupRowsDeleted).toBeGreaterThan(0);
    expect(Number((await t.pool.query("SELECT count(*) FROM event_rollup_deltas WHERE hour < $1", [new Date(base + 86_400_000)])).rows[0].count)).toBe(0);
    const { rows } = await t.pool.query(`
      SELECT
        (SELECT count(*) FROM (SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, scope, sum(count) AS n
                                 FROM event_rollups_hourly GROUP BY 1, 2, 3) h)::int AS hourly_keys,
        (SELECT count(*) FROM event_rollups_daily)::int AS daily_rows,
        (SELECT coalesce(sum(count), 0) FROM event_rollups_hourly)::int AS hourly_total,
        (SELECT coalesce(sum(events), 0) FROM event_rollups_daily)::int AS daily_total,
        (SELECT coalesce(sum(events), 0) FROM identity_events_hourly)::int AS identity_hourly_total,
        (SELECT coalesce(sum(events), 0) FROM identity_events_daily)::int AS identity_daily_total,
        (SELECT count(*) FROM identity_events_hourly WHERE events = 0)::int AS zero_rows`);
    const r = rows[0];
    expect(r.hourly_total).toBeLessThan(5600);
    expect(r.hourly_total).toBeGreaterThan(0);
    expect([r.daily_total, r.identity_hourly_total, r.identity_daily_total]).toEqual([r.hourly_total, r.hourly_total, r.hourly_total]);
    expect(r.daily_rows).toBe(r.hourly_keys); // emptied days are dropped, not left at zero
    expect(r.zero_rows).toBe(0);
  });

  it("are emptied with the hourly rollups", async () => {
    await t.pool.query("TRUNCATE event_rollups_hourly");
    const { rows } = await t.pool.query(`SELECT (SELECT count(*) FROM event_rollups_daily) + (SELECT count(*) FROM identity_events_hourly)
      + (SELECT count(*) FROM identity_events_daily) AS n`);
    expect(Number(rows[0].n)).toBe(0);
  });
});
