// Folds ingest's rollup deltas (migration 0010) into the rollups: the deltas are deleted and their
// sums upserted into the hourly rollups and the rollups derived from them (daily, per identity),
// in one transaction, so a reader of the *_live views counts every event exactly once before,
// during and after a fold. Ingest schedules a fold a moment after each batch; many batches' groups
// of the same hour then cost one upsert per key instead of one per batch.
import type pg from "pg";
import { sql, withTransaction } from "../db/sql";

/** How long after a batch its deltas are folded: long enough to gather many batches. */
const FOLD_DELAY_MS = 1000;

// Keys are upserted in index order, so a fold never deadlocks with the derive triggers of a
// concurrent seed or retention run. DELETE … RETURNING takes only the deltas committed when the
// fold starts; batches committing meanwhile are left for the next fold.
const FOLD_SQL = sql`
WITH d AS (DELETE FROM event_rollup_deltas RETURNING hour, identity_id, scope, decision, granted, count, first_at, last_at),
g AS MATERIALIZED (
  SELECT hour, identity_id, scope, decision, granted, sum(count) AS n, min(first_at) AS first_at, max(last_at) AS last_at
    FROM d GROUP BY 1, 2, 3, 4, 5
),
roll AS (
  INSERT INTO event_rollups_hourly AS r (hour, identity_id, scope, decision, granted, count, first_at, last_at)
  SELECT hour, identity_id, scope, decision, granted, n, first_at, last_at FROM g ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, identity_id, scope, decision, granted) DO UPDATE
    SET count = r.count + excluded.count, first_at = least(r.first_at, excluded.first_at),
        last_at = greatest(r.last_at, excluded.last_at)
  RETURNING 1
),
daily AS (
  INSERT INTO event_rollups_daily AS t (day, identity_id, scope, events, denials, ungranted_uses)
  SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, scope, sum(n), coalesce(sum(n) FILTER (WHERE decision = 'deny'), 0),
         coalesce(sum(n) FILTER (WHERE decision <> 'deny' AND NOT granted), 0)
    FROM g GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (day, identity_id, scope) DO UPDATE
    SET events = t.events + excluded.events, denials = t.denials + excluded.denials,
        ungranted_uses = t.ungranted_uses + excluded.ungranted_uses
  RETURNING 1
),
ident_hourly AS (
  INSERT INTO identity_events_hourly AS t (hour, identity_id, events, denials)
  SELECT hour, identity_id, sum(n), coalesce(sum(n) FILTER (WHERE decision = 'deny'), 0)
    FROM g GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (hour, identity_id) DO UPDATE SET events = t.events + excluded.events, denials = t.denials + excluded.denials
  RETURNING 1
),
ident_daily AS (
  INSERT INTO identity_events_daily AS t (day, identity_id, events, denials)
  SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, sum(n), coalesce(sum(n) FILTER (WHERE decision = 'deny'), 0)
    FROM g GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, identity_id) DO UPDATE SET events = t.events + excluded.events, denials = t.denials + excluded.denials
  RETURNING 1
)
SELECT (SELECT count(*) FROM d)::int AS deltas,
       ((SELECT count(*) FROM roll) + (SELECT count(*) FROM daily) + (SELECT count(*) FROM ident_hourly)
        + (SELECT count(*) FROM ident_daily))::int AS upserted`;

export type FoldResult = { deltas: number; upserted: number } | { skipped: "another fold is running" };

/**
 * Folds the committed deltas now. One fold at a time per database: a second caller skips, or with
 * `wait` (tests, tools that need the rollup tables whole) waits for the first and folds the rest.
 */
export async function foldRollups(pool: pg.Pool, opts: { wait?: boolean } = {}): Promise<FoldResult> {
  // The fold derives the coarser rollups itself, and moving deltas changes no live total, so the
  // derive triggers and the heatmap sums' stale mark stand down (migrations 0006, 0009).
  return withTransaction(
    undefined,
    async (tx) => {
      const lock = await tx.one<{ ok: boolean }>(opts.wait
        ? sql`SELECT true AS ok FROM pg_advisory_xact_lock(hashtext('warden_rollup_fold'))`
        : sql`SELECT pg_try_advisory_xact_lock(hashtext('warden_rollup_fold')) AS ok`);
      if (!lock?.ok) return { skipped: "another fold is running" } as const;
      return (await tx.one<{ deltas: number; upserted: number }>(FOLD_SQL))!;
    },
    { pool, settings: { "warden.rollups_derived": "by-writer" } },
  );
}

const scheduled = new WeakMap<pg.Pool, NodeJS.Timeout>();

/**
 * Folds this pool's deltas FOLD_DELAY_MS from now, unless a fold is already due. A failed or
 * skipped fold leaves the deltas in place (readers still count them) and tries again.
 */
export function scheduleFold(pool: pg.Pool, delayMs = FOLD_DELAY_MS): void {
  if (scheduled.has(pool)) return;
  const timer = setTimeout(async () => {
    scheduled.delete(pool);
    if (pool.ended) return;
    try {
      const r = await foldRollups(pool);
      if ("skipped" in r) scheduleFold(pool, delayMs);
    } catch (e) {
      if (pool.ended) return;
      console.warn(`warden: folding rollup deltas failed (${(e as Error).message}); retrying`);
      scheduleFold(pool, delayMs * 5);
    }
  }, delayMs);
  timer.unref(); // a CLI or test process may exit with deltas pending: readers count them anyway
  scheduled.set(pool, timer);
}
