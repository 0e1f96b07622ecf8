// The new-source detector's memory: which (credential, IP | user agent | origin) pairs were seen before.
// One statement per batch inserts the pairs the batch brings that are not stored yet (ON CONFLICT
// DO NOTHING takes no lock on existing rows, so concurrent batches never queue here) and returns
// only the pairs this batch was first to store — with when the credential was first seen at all —
// so exactly one batch reports a new pair. What the credential used before is read only for those
// (rare once a credential has settled).
import type pg from "pg";
import { plainArray, textArray } from "../db/pg-array";
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

export const credentialKey = (e: Pick<DetectEvent, "credentialRef" | "identityId">) => e.credentialRef ?? `identity:${e.identityId}`;

const FRESH_SQL = `
WITH p AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::int8[]) AS x(k, kind, v, ident, at)
),
before AS (
  SELECT credential_key, min(first_seen_at) AS since FROM credential_sources
   WHERE credential_key = ANY (ARRAY(SELECT DISTINCT k FROM p)) GROUP BY 1
),
ins AS (
  INSERT INTO credential_sources (credential_key, kind, value, identity_id, first_seen_at)
  SELECT k, kind, v, ident, to_timestamp(at / 1000.0) FROM p ORDER BY 1, 2, 3
  ON CONFLICT DO NOTHING
  RETURNING credential_key, kind, value
)
SELECT ins.credential_key AS k, ins.kind, ins.value AS v, before.since FROM ins LEFT JOIN before USING (credential_key)`;

const KNOWN_SQL = `
SELECT credential_key AS k, kind, (array_agg(value ORDER BY first_seen_at))[1:100] AS vals FROM credential_sources
 WHERE credential_key = ANY ($1::text[]) GROUP BY 1, 2`;

export type FreshSources = { byEvent: Map<number, NewSource[]>; pairs: Pair[] };

/**
 * The sources each event introduced (keyed by event index), stored as seen in the same statement;
 * `pairs` are the keys to remember once the batch has committed.
 */
export async function freshSources(client: Client, events: readonly DetectEvent[], cacheOwner?: object): Promise<FreshSources> {
  const cached = cacheOwner ? committed.get(cacheOwner) : undefined;
  // The earliest event of the batch that uses each pair introduces it.
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
  const out = new Map<number, NewSource[]>();
  if (wanted.length === 0) return { byEvent: out, pairs: wanted };
  const at = (p: Pair) => first.get(p[0], p[1], p[2])!;
  const { rows } = await client.query<{ k: string; kind: Kind; v: string; since: Date | null }>(FRESH_SQL, [
    textArray(wanted.map((p) => p[1])), textArray(wanted.map((p) => p[0])), textArray(wanted.map((p) => p[2])),
    plainArray(wanted.map((p) => events[at(p)].identityId)), plainArray(wanted.map((p) => events[at(p)].at)),
  ]);
  const settled = rows.filter((r) => r.since !== null);
  if (settled.length === 0) return { byEvent: out, pairs: wanted };
  const known = await client.query<{ k: string; kind: string; vals: string[] }>(KNOWN_SQL, [textArray([...new Set(settled.map((r) => r.k))])]);
  const fresh = new PairIndex<true>();
  for (const r of rows) fresh.set(r.kind, r.k, r.v, true);
  const knownOf = new PairIndex<string[]>();
  for (const r of known.rows) knownOf.set(r.kind as Kind, r.k, "", r.vals.filter((v) => !fresh.get(r.kind as Kind, r.k, v)));
  for (const r of settled) {
    const i = first.get(r.kind, r.k, r.v)!;
    const list = out.get(i) ?? [];
    list.push({ kind: r.kind, value: r.v, credentialKey: r.k, credentialSince: r.since, known: knownOf.get(r.kind, r.k, "") ?? [] });
    out.set(i, list);
  }
  return { byEvent: out, pairs: wanted };
}
