// Test fixtures insert raw events directly; this fills the hourly rollups from them exactly as
// ingest groups them (scope '' for events without one), and the triggers derive the rest.
import type pg from "pg";

export async function rollupsFromEvents(pool: Pick<pg.Pool, "query">): Promise<void> {
  await pool.query(`
    INSERT INTO event_rollups_hourly (hour, identity_id, scope, decision, granted, count, first_at, last_at)
    SELECT date_trunc('hour', occurred_at), identity_id, coalesce(scope, ''), decision, coalesce(granted, false),
           count(*), min(occurred_at), max(occurred_at)
      FROM audit_events GROUP BY 1, 2, 3, 4, 5`);
}
