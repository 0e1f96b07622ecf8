// The rollups of one ingest batch: the events are aggregated here (one row per identity · scope ·
// hour · decision · granted) and a single statement appends the groups to the rollup deltas
// (folded into the rollups by rollup-fold.ts; readers add the unfolded ones), updates identity
// last-seen and credential last-used, and marks the heatmap's closed-day sums stale when the
// batch reaches back into the days they cover.
import type pg from "pg";
import { plainArray, textArray } from "../db/pg-array";

// Rollup deltas, last-seen and last-used from the batch's pre-aggregated rows (times in epoch ms).
// Appending deltas locks no rollup row, so concurrent batches no longer queue on shared hours.
const ms = (param: string) => `to_timestamp(${param} / 1000.0)`;
const ROLLUP_SQL = `
WITH g AS MATERIALIZED (
  SELECT ${ms("h")} AS hour, i AS identity_id, s AS scope, d AS decision, gr AS granted, n, ${ms("f")} AS first_at,
         ${ms("l")} AS last_at
    FROM unnest($1::int8[], $2::uuid[], $3::text[], $4::decision[], $5::boolean[], $6::int8[], $7::int8[], $8::int8[])
         AS x(h, i, s, d, gr, n, f, l)
),
deltas AS (
  INSERT INTO event_rollup_deltas (hour, identity_id, scope, decision, granted, count, first_at, last_at)
  SELECT hour, identity_id, scope, decision, granted, n, first_at, last_at FROM g
  RETURNING 1
),
seen AS (
  UPDATE identities i SET last_seen_at = m.last
    FROM (SELECT id, ${ms("l")} AS last FROM unnest($9::uuid[], $10::int8[]) AS x(id, l) ORDER BY 1) m
   WHERE i.id = m.id AND (i.last_seen_at IS NULL OR i.last_seen_at < m.last - interval '1 minute')
  RETURNING 1
),
used AS (
  UPDATE credentials c SET last_used_at = m.last
    FROM (SELECT fp, ${ms("l")} AS last FROM unnest($11::text[], $12::int8[]) AS x(fp, l)) m
   WHERE c.fingerprint = m.fp AND (c.last_used_at IS NULL OR c.last_used_at < m.last - interval '1 minute')
  RETURNING 1
),
-- A batch reaching back before the day the heatmap's closed-day sums were counted for makes them
-- stale (migration 0009); batches of today's events leave the state rows unlocked.
stale AS (
  UPDATE usage_window_state SET fresh = false
   WHERE fresh AND as_of > (${ms("$13::int8")} AT TIME ZONE 'UTC')::date
  RETURNING 1
)
SELECT (SELECT count(*) FROM deltas) + (SELECT count(*) FROM seen) + (SELECT count(*) FROM used) AS n`;

type Group = { hour: number; identityId: string; scope: string; decision: string; granted: boolean; count: number; first: number; last: number };

function latest(m: Map<string, number>, key: string, at: number): void {
  const known = m.get(key);
  if (known === undefined || known < at) m.set(key, at);
}

/** What the rollups need of one stored event. */
export type RollupInput = { at: number; identityId: string; granted: boolean | null; event: { scope?: string; decision: string; credentialRef?: string } };

/** Adds a batch of stored events to the rollup deltas, last-seen and last-used, in the caller's transaction. */
export async function updateRollups(client: Pick<pg.PoolClient, "query">, rows: readonly RollupInput[]): Promise<void> {
  const HOUR = 3_600_000;
  // identity → scope → (hour, decision, granted): nested maps, so no key string per event.
  const groups = new Map<string, Map<string, Map<number, Group>>>();
  const all: Group[] = [];
  const seen = new Map<string, number>();
  const used = new Map<string, number>();
  let firstHour = Infinity;
  for (const r of rows) {
    const hour = r.at - (r.at % HOUR);
    if (hour < firstHour) firstHour = hour;
    const scope = r.event.scope ?? "";
    const granted = r.granted ?? false;
    const sub = (hour / HOUR) * 8 + (r.event.decision === "allow" ? 0 : r.event.decision === "deny" ? 2 : 4) + (granted ? 1 : 0);
    let byScope = groups.get(r.identityId);
    if (!byScope) groups.set(r.identityId, (byScope = new Map()));
    let byKey = byScope.get(scope);
    if (!byKey) byScope.set(scope, (byKey = new Map()));
    const g = byKey.get(sub);
    if (g) {
      g.count++;
      if (r.at < g.first) g.first = r.at;
      if (r.at > g.last) g.last = r.at;
    } else {
      const fresh = { hour, identityId: r.identityId, scope, decision: r.event.decision, granted, count: 1, first: r.at, last: r.at };
      byKey.set(sub, fresh);
      all.push(fresh);
    }
    latest(seen, r.identityId, r.at);
    if (r.event.credentialRef !== undefined) latest(used, r.event.credentialRef, r.at);
  }
  await client.query(ROLLUP_SQL, [
    plainArray(all.map((g) => g.hour)), plainArray(all.map((g) => g.identityId)), textArray(all.map((g) => g.scope)),
    plainArray(all.map((g) => g.decision)), plainArray(all.map((g) => g.granted)), plainArray(all.map((g) => g.count)),
    plainArray(all.map((g) => g.first)), plainArray(all.map((g) => g.last)),
    plainArray([...seen.keys()]), plainArray([...seen.values()]), textArray([...used.keys()]), plainArray([...used.values()]),
    all.length ? firstHour : null,
  ]);
}
