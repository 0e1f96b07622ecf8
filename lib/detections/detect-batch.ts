// Runs the ingest detectors over one batch of stored events, inside the batch's transaction: the
// events and the facts ingest loaded for them are already in memory, so detection costs a read of
// the new-source memory for pairs this process has not cached, an append of the pairs it lacks
// (known-sources.ts) and an append of the batch's candidates — insert only, no row lock, nothing
// to wait for; fold.ts turns both into findings right after the commit. Candidates
// of one (detector, identity, subject) are merged per batch, so a key repeated 5,000 times in a
// batch is one row.
import type pg from "pg";
import { Runner } from "../db/sql";
import { loadAwsServices } from "./action-risk";
import { CandidateSet, dedupKey, type Candidate } from "./candidate";
import { INGEST_DETECTORS } from "./ingest-detectors";
import { eventRef, type BatchState, type DetectEvent, type IdentityFacts, type Raise } from "./ingest-detector";
import { queueNewSources, type Pair } from "./known-sources";
import { cachedSettings, type EffectiveSetting } from "./settings";
import { knownFindings } from "./known-findings";

type Client = pg.PoolClient;

/** Pure part: the candidates the enabled detectors raise for these events. */
export function inspectBatch(events: readonly DetectEvent[], state: BatchState, settings: Map<string, EffectiveSetting>): CandidateSet {
  const out = new CandidateSet();
  const active = INGEST_DETECTORS.filter((d) => settings.get(d.id)?.enabled !== false).map((d) => ({
    d, params: (settings.get(d.id)?.params ?? d.params.parse({})) as never,
  }));
  // One raise for the whole batch over the current event; its time and ref are built only when
  // something is raised (most events raise nothing).
  let e: DetectEvent = events[0];
  let at: Date | undefined;
  let ref = "";
  const raise: Raise = (k, body) => {
    if (!at) [at, ref] = [new Date(e.at), eventRef(e)];
    const key = dedupKey(k);
    if (!out.hit(key, at, ref, k.severity)) out.add({ ...k, ...body(), occurrences: 1, firstAt: at, lastAt: at, firstEventRef: ref, lastEventRef: ref });
  };
  for (let i = 0; i < events.length; i++) {
    e = events[i];
    at = undefined;
    for (const { d, params } of active) d.inspect(e, i, state, params, raise);
  }
  return out;
}

const INSERT_SQL = `
INSERT INTO finding_candidates (dedup_key, detector, severity, identity_id, credential_id, grant_id, subject, title, detail,
                                occurrences, first_event_ref, first_event_at, last_event_ref, last_event_at)
SELECT x.k, x.d, x.s::severity, x.i, x.c, x.g, x.sub, x.t, x.w, x.n, x.fr, to_timestamp(x.fa / 1000.0), x.lr, to_timestamp(x.la / 1000.0)
  FROM json_to_recordset($1::json) AS x(k text, d text, s text, i uuid, c uuid, g uuid, sub text, t text, w jsonb, n int8,
                                        fr text, fa int8, lr text, la int8)`;

/**
 * Appends candidates to the durable table the fold reads (no lock on any finding row). A key the
 * process knows has a finding already goes without its title and working: it only moves counts.
 */
export async function appendCandidates(client: Pick<Client, "query">, candidates: readonly Candidate[], known?: ReadonlySet<string>): Promise<void> {
  if (candidates.length === 0) return;
  const rows = candidates.map((c) => {
    const k = dedupKey(c);
    const full = !known?.has(k);
    return {
    k, d: c.detector, s: c.severity, i: c.identityId, c: c.credentialId ?? null, g: c.grantId ?? null,
    sub: c.subject, t: full ? c.title.slice(0, 500) : null, w: full ? c.working : null, n: c.occurrences,
    fr: c.firstEventRef ?? null, fa: c.firstAt.getTime(), lr: c.lastEventRef ?? null, la: c.lastAt.getTime(),
    };
  });
  await client.query(INSERT_SQL, [JSON.stringify(rows)]);
}

/**
 * Detection for one batch in the caller's transaction. Returns the candidates appended and the
 * source pairs to remember (rememberSources) once the caller's transaction has committed.
 */
export async function detectBatch(
  client: Client, events: readonly DetectEvent[], identity: (id: string) => IdentityFacts | undefined, cacheOwner?: object,
): Promise<{ candidates: number; pairs: Pair[] }> {
  if (events.length === 0) return { candidates: 0, pairs: [] };
  const settings = await cachedSettings(new Runner(client, true), INGEST_DETECTORS);
  const actions = new Set<string>();
  for (const e of events) actions.add(e.action);
  await loadAwsServices(actions);
  // New sources are decided by the fold (known-sources.ts): here they are only queued.
  const pairs = settings.get("new-source")?.enabled === false && settings.get("shared-credential")?.enabled === false ? [] : await queueNewSources(client, events, cacheOwner);
  const candidates = inspectBatch(events, { identity, newSources: new Map() }, settings);
  await appendCandidates(client, candidates.values(), cacheOwner ? knownFindings(cacheOwner) : undefined);
  return { candidates: candidates.size, pairs };
}
