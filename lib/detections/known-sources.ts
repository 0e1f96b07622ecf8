// The new-source detector's memory: which (credential, IP | user agent | origin) pairs were seen
// before. In the batch's transaction the pairs it uses are only read (no lock, no wait on another
// batch); those not stored yet go to source_candidates with the event that used them. The fold
// (one at a time, right after the commit) stores them — the earliest event wins, ON CONFLICT DO
// NOTHING decides between folds — and hands the new ones, with what the credential used before,
// to the new-source detector. Pairs known to be committed are cached per pool, so a settled
// estate's batches skip even the read.
import type pg from "pg";
import { plainArray, textArray } from "../db/pg-array";
import { sql, type Runner } from "../db/sql";
import type { DetectEvent, NewSource } from "./ingest-detector";

type Client = Pick<pg.PoolClient, "query">;

type Kind = NewSource["kind"];
export type Pair = [kind: Kind, credentialKey: string, value: string];

/** kind → credential → value → T, without building a key string per event (the hot path). */
class PairIndex<T> {
  private readonly byKind = new Map<Kind, Map<string, Map<string, T>>>();
  size = 0;
  get(kind: Kind, k: string, v: string): T | undefined {
    return this.byKind.get(kind)?.get(k)?.get(v);
  }
  set(kind: Kind, k: string, v: string, value: T): void {
    let byCred = this.byKind.get(kind);
    if (!byCred) this.byKind.set(kind, (byCred = new Map()));
    let byValue = byCred.get(k);
    if (!byValue) byCred.set(k, (byValue = new Map()));
    if (!byValue.has(v)) this.size++;
    byValue.set(v, value);
  }
}

// Pairs this process knows are committed, per database pool: most of a batch's pairs were seen
// before, and skipping them keeps the statement to the few that may be new. Only pairs of
// committed batches are added (rememberSources, called after the commit), so a rolled-back batch
// never hides a new source; the database stays the arbiter for everything not cached.
const committed = new WeakMap<object, PairIndex<true>>();
const MAX_CACHED = 500_000;

export function rememberSources(owner: object, pairs: readonly Pair[]): void {
  let index = committed.get(owner);
  if (!index || index.size + pairs.length > MAX_CACHED) committed.set(owner, (index = new PairIndex()));
  for (const [kind, k, v] of pairs) index.set(kind, k, v, true);
}

const EXISTING_SQL = `
SELECT s.credential_key AS k, s.kind, s.value AS v
  FROM unnest($1::text[], $2::text[], $3::text[]) AS p(k, kind, v)
  JOIN credential_sources s ON s.credential_key = p.k AND s.kind = p.kind AND s.value = p.v`;

const PENDING_SQL = `
INSERT INTO source_candidates (credential_key, kind, value, identity_id, event_at, source, event_id, actor_type, credential_ref)
SELECT k, kind, v, ident, to_timestamp(at / 1000.0), src, eid, actor::actor_type, NULLIF(cred, '')
  FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::int8[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS x(k, kind, v, ident, at, src, eid, actor, cred)`;

/**
 * In the batch's transaction: the pairs the batch uses that the pool's cache does not hold are
 * looked up; stored ones are returned (to cache once the batch commits), the others are queued
 * for the fold with the first event that used each.
 */
export async function queueNewSources(client: Client, events: readonly DetectEvent[], cacheOwner?: object): Promise<Pair[]> {
  const cached = cacheOwner ? committed.get(cacheOwner) : undefined;
  const first = new PairIndex<number>();
  const wanted: Pair[] = [];
  const note = (i: number, k: string, kind: Kind, v: string | undefined) => {
    if (!v || cached?.get(kind, k, v)) return;
    const known = first.get(kind, k, v);
    if (known === undefined) wanted.push([kind, k, v]);
    if (known === undefined || events[known].at > events[i].at) first.set(kind, k, v, i);
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const k = e.credentialRef ?? `identity:${e.identityId}`;
    note(i, k, "ip", e.sourceIp);
    note(i, k, "ua", e.userAgent);
    note(i, k, "origin", e.origin); // for the shared-credential detector (several workloads, one key)
  }
  if (wanted.length === 0) return [];
  const { rows } = await client.query<{ k: string; kind: Kind; v: string }>(EXISTING_SQL, [
    textArray(wanted.map((p) => p[1])), textArray(wanted.map((p) => p[0])), textArray(wanted.map((p) => p[2])),
  ]);
  const stored = new PairIndex<true>();
  for (const r of rows) stored.set(r.kind, r.k, r.v, true);
  const fresh = wanted.filter((p) => !stored.get(p[0], p[1], p[2]));
  if (fresh.length) {
    const ev = (p: Pair) => events[first.get(p[0], p[1], p[2])!];
    await client.query(PENDING_SQL, [
      textArray(fresh.map((p) => p[1])), textArray(fresh.map((p) => p[0])), textArray(fresh.map((p) => p[2])),
      plainArray(fresh.map((p) => ev(p).identityId)), plainArray(fresh.map((p) => ev(p).at)), textArray(fresh.map((p) => ev(p).source)),
      textArray(fresh.map((p) => ev(p).eventId)), plainArray(fresh.map((p) => ev(p).actorType)), textArray(fresh.map((p) => ev(p).credentialRef ?? "")),
    ]);
  }
  return wanted.filter((p) => stored.get(p[0], p[1], p[2]));
}

type Stored = { k: string; kind: Kind; v: string; identity_id: string; at: Date; source: string; event_id: string; actor_type: "nhi" | "human"; credential_ref: string | null; since: Date | null };

/** What the fold found new: the events that introduced new pairs, and per event the pairs. */
export type NewPairs = { events: DetectEvent[]; newSources: Map<number, NewSource[]>; stored: Pair[] };

/**
 * In the fold's transaction: stores the queued pairs (earliest event first) and returns the new
 * ones. A pair's "before" is what the credential had stored, plus what this fold stores from
 * earlier events: a fold may carry a credential's first day and, weeks of events later, its replay.
 */
export async function storeQueuedSources(tx: Runner): Promise<NewPairs> {
  const rows = await tx.rows<Stored>(sql`
    WITH d AS (DELETE FROM source_candidates RETURNING *),
    firsts AS MATERIALIZED (
      -- The credential's first event in this fold, when strictly before this pair's (an event's IP
      -- and user agent arrive together: neither is "new" against the other).
      SELECT *, CASE WHEN min(event_at) OVER (PARTITION BY credential_key) < event_at THEN min(event_at) OVER (PARTITION BY credential_key) END AS earlier
        FROM (SELECT DISTINCT ON (credential_key, kind, value) * FROM d ORDER BY credential_key, kind, value, event_at) x
    ),
    -- credential_sources as it was before this statement's insert.
    stored AS (
      SELECT credential_key, min(first_seen_at) AS since FROM credential_sources
       WHERE credential_key = ANY (ARRAY(SELECT DISTINCT credential_key FROM firsts)) GROUP BY 1
    ),
    ins AS (
      INSERT INTO credential_sources (credential_key, kind, value, identity_id, first_seen_at)
      SELECT credential_key, kind, value, identity_id, event_at FROM firsts ORDER BY 1, 2, 3
      ON CONFLICT DO NOTHING
      RETURNING credential_key, kind, value
    )
    SELECT f.credential_key AS k, f.kind, f.value AS v, f.identity_id, f.event_at AS at, f.source, f.event_id,
           f.actor_type::text AS actor_type, f.credential_ref, least(st.since, f.earlier) AS since
      FROM ins JOIN firsts f USING (credential_key, kind, value) LEFT JOIN stored st USING (credential_key)
     ORDER BY f.event_at`);
  const out: NewPairs = { events: [], newSources: new Map(), stored: rows.map((r) => [r.kind, r.k, r.v]) };
  const settled = rows.filter((r) => r.since !== null && r.kind !== "origin");
  if (settled.length === 0) return out;
  // What each credential had before each new pair: its stored values first seen earlier.
  const known = await tx.rows<{ k: string; kind: Kind; vals: [string, string][] }>(sql`
    SELECT credential_key AS k, kind, json_agg(json_build_array(value, first_seen_at) ORDER BY first_seen_at) AS vals FROM credential_sources
     WHERE credential_key = ANY (${[...new Set(settled.map((r) => r.k))]}::text[]) GROUP BY 1, 2`);
  const valuesOf = new PairIndex<[string, number][]>();
  for (const r of known) valuesOf.set(r.kind, r.k, "", r.vals.map(([v, at]) => [v, Date.parse(at)]));
  const before = (r: Stored) => (valuesOf.get(r.kind, r.k, "") ?? []).filter(([v, at]) => at < r.at.getTime() && v !== r.v).map(([v]) => v).slice(-100);
  // One event per (source, eventId): an event that brought a new IP and a new UA carries both.
  const index = new Map<string, number>();
  for (const r of settled) {
    const ref = `${r.source}/${r.event_id}`;
    let i = index.get(ref);
    if (i === undefined) {
      i = out.events.length;
      index.set(ref, i);
      out.events.push({
        at: r.at.getTime(), source: r.source, eventId: r.event_id, identityId: r.identity_id, actorType: r.actor_type,
        credentialRef: r.credential_ref ?? undefined, action: "", decision: "allow", granted: null,
      });
    }
    const e = out.events[i];
    if (r.kind === "ip") e.sourceIp = r.v;
    else e.userAgent = r.v;
    const list = out.newSources.get(i) ?? [];
    list.push({ kind: r.kind, value: r.v, credentialKey: r.k, credentialSince: r.since, known: before(r) });
    out.newSources.set(i, list);
  }
  return out;
}
