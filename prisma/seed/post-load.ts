// After the COPY: hourly rollups built from the events (the same grouping ingest maintains),
// identities.last_seen_at and credentials.last_used_at from the events. Day by day, oldest first:
// each step reads one partition once, memory stays bounded, rollup rows arrive in key order.
// The rollup table is empty here (guardOrReset), so a plain INSERT suffices.
import type pg from "pg";
import { DAY_MS } from "./events/rhythm";

type Client = Pick<pg.PoolClient, "query">;

// One scan of the day's partition feeds both the rollup insert and credentials.last_used_at.
const DAY_SQL = `
WITH ev AS MATERIALIZED (
  SELECT occurred_at, identity_id, scope, decision, granted, credential_ref
    FROM audit_events WHERE occurred_at >= $1 AND occurred_at < $2
),
roll AS (
  INSERT INTO event_rollups_hourly (hour, identity_id, scope, decision, granted, count, first_at, last_at)
  SELECT date_trunc('hour', occurred_at), identity_id, coalesce(scope, ''), decision, coalesce(granted, false),
         count(*), min(occurred_at), max(occurred_at)
    FROM ev
   GROUP BY 1, 2, 3, 4, 5
   ORDER BY 1, 2, 3, 4, 5 -- primary-key order: the btree grows at its right edge
  RETURNING 1
),
used AS (
  UPDATE credentials c SET last_used_at = m.last
    FROM (SELECT credential_ref, max(occurred_at) AS last FROM ev WHERE credential_ref IS NOT NULL GROUP BY 1) m
   WHERE c.fingerprint = m.credential_ref AND (c.last_used_at IS NULL OR c.last_used_at < m.last)
  RETURNING 1
)
SELECT (SELECT count(*) FROM roll)::int AS rollups`;

const LAST_SEEN_SQL = `
UPDATE identities i SET last_seen_at = m.last
  FROM (SELECT identity_id, max(last_at) AS last FROM event_rollups_hourly GROUP BY 1) m
 WHERE i.id = m.identity_id AND (i.last_seen_at IS NULL OR i.last_seen_at < m.last)`;

export async function buildRollups(client: Client, from: Date, to: Date, log: (m: string) => void): Promise<number> {
  let rows = 0;
  const firstDay = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  for (let day = firstDay; day <= to.getTime(); day += DAY_MS) {
    const range = [new Date(day), new Date(day + DAY_MS)];
    const r = await client.query<{ rollups: number }>(DAY_SQL, range);
    rows += r.rows[0].rollups;
  }
  await client.query(LAST_SEEN_SQL);
  log(`rollups: ${rows} hourly rows`);
  return rows;
}

// Events: the columns views filter and group on. Statistics on the wide free-text columns (user
// agent, path, context, ids) cost about half the ANALYZE time of every partition and no plan needs
// them; autovacuum's later analyzes fill them in.
const EVENT_STAT_COLUMNS = [
  "occurred_at", "identity_id", "actor_type", "credential_ref", "action", "scope", "decision", "source_ip", "origin",
  "environment", "owner_id", "granted", "risk_class",
].join(", ");

/**
 * ANALYZE after the commit, on two connections: each daily partition is its own statement, so
 * both cores work (and a pool of one simply runs them in turn). PostgreSQL 18 can analyze the
 * partitioned parent alone (ONLY); older servers recurse from the parent instead.
 */
export async function analyze(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  const jobs = [
    "ANALYZE owners, identities, credentials, scopes, grants, event_rollups_hourly, event_rollups_daily, identity_events_hourly, identity_events_daily",
  ];
  try {
    const { rows } = await client.query<{ v: number; parts: string[] }>(
      `SELECT current_setting('server_version_num')::int AS v,
              coalesce(array_agg(c.relname::text ORDER BY c.relname), '{}'::text[]) AS parts
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass`,
    );
    const { v, parts } = rows[0];
    if (v >= 180000) {
      jobs.push(`ANALYZE ONLY audit_events (${EVENT_STAT_COLUMNS})`);
      for (const p of parts) jobs.push(`ANALYZE ${client.escapeIdentifier(p)} (${EVENT_STAT_COLUMNS})`);
    } else {
      jobs.push(`ANALYZE audit_events (${EVENT_STAT_COLUMNS})`);
    }
  } finally {
    client.release();
  }
  const worker = async () => {
    const c = await pool.connect();
    try {
      for (let job = jobs.shift(); job; job = jobs.shift()) await c.query(job);
    } finally {
      c.release();
    }
  };
  await Promise.all([worker(), worker()]);
}
