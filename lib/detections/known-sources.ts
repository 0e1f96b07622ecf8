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

/** The sources each event introduced (keyed by event index), stored as seen in the same statement. */
export async function freshSources(client: Client, events: readonly DetectEvent[]): Promise<Map<number, NewSource[]>> {
  // The earliest event of the batch that uses each pair introduces it.
  const first = new Map<string, { i: number; k: string; kind: NewSource["kind"]; v: string }>();
  const note = (i: number, k: string, kind: NewSource["kind"], v: string | undefined) => {
    if (!v) return;
    const key = `${k}\u0000${kind}\u0000${v}`;
    const known = first.get(key);
    if (!known || events[known.i].at > events[i].at) first.set(key, { i, k, kind, v });
  };
  events.forEach((e, i) => {
    const k = credentialKey(e);
    note(i, k, "ip", e.sourceIp);
    note(i, k, "ua", e.userAgent);
    note(i, k, "origin", e.origin); // for the shared-credential detector (several workloads, one key)
  });
  const out = new Map<number, NewSource[]>();
  if (first.size === 0) return out;
  const pairs = [...first.values()];
  const { rows } = await client.query<{ k: string; kind: NewSource["kind"]; v: string; since: Date | null }>(FRESH_SQL, [
    textArray(pairs.map((p) => p.k)), textArray(pairs.map((p) => p.kind)), textArray(pairs.map((p) => p.v)),
    plainArray(pairs.map((p) => events[p.i].identityId)), plainArray(pairs.map((p) => events[p.i].at)),
  ]);
  const settled = rows.filter((r) => r.since !== null);
  if (settled.length === 0) return out;
  const known = await client.query<{ k: string; kind: string; vals: string[] }>(KNOWN_SQL, [textArray([...new Set(settled.map((r) => r.k))])]);
  const fresh = new Set(rows.map((r) => `${r.k}\u0000${r.kind}\u0000${r.v}`));
  const knownOf = new Map(known.rows.map((r) => [`${r.k}\u0000${r.kind}`, r.vals.filter((v) => !fresh.has(`${r.k}\u0000${r.kind}\u0000${v}`))]));
  for (const r of settled) {
    const p = first.get(`${r.k}\u0000${r.kind}\u0000${r.v}`)!;
    const list = out.get(p.i) ?? [];
    list.push({ kind: r.kind, value: r.v, credentialKey: r.k, credentialSince: r.since, known: knownOf.get(`${r.k}\u0000${r.kind}`) ?? [] });
    out.set(p.i, list);
  }
  return out;
}
