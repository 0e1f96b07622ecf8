// Runs the ingest detectors over one batch of stored events, inside the batch's transaction: the
// events and the facts ingest loaded for them are already in memory, so detection costs one
// statement for the new-source memory (known-sources.ts) and one to append the batch's
// candidates (insert only; fold.ts turns them into findings right after the commit). Candidates
// of one (detector, identity, subject) are merged per batch, so a key repeated 5,000 times in a
// batch is one row.
import type pg from "pg";
import { Runner } from "../db/sql";
import { loadAwsServices } from "./action-risk";
import { CandidateSet, dedupKey, type Candidate } from "./candidate";
import { INGEST_DETECTORS } from "./ingest-detectors";
import { eventRef, type BatchState, type DetectEvent, type IdentityFacts } from "./ingest-detector";
import { freshSources } from "./known-sources";
import { cachedSettings, type EffectiveSetting } from "./settings";

type Client = pg.PoolClient;

/** Pure part: the candidates the enabled detectors raise for these events. */
export function inspectBatch(events: readonly DetectEvent[], state: BatchState, settings: Map<string, EffectiveSetting>): CandidateSet {
  const out = new CandidateSet();
  const active = INGEST_DETECTORS.filter((d) => settings.get(d.id)?.enabled !== false).map((d) => ({
    d, params: (settings.get(d.id)?.params ?? d.params.parse({})) as never,
  }));
  events.forEach((e, i) => {
    const at = new Date(e.at);
    const ref = eventRef(e);
    for (const { d, params } of active) {
      d.inspect(e, i, state, params, (c) => out.add({ ...c, occurrences: 1, firstAt: at, lastAt: at, firstEventRef: ref, lastEventRef: ref }));
    }
  });
  return out;
}

const INSERT_SQL = `
INSERT INTO finding_candidates (dedup_key, detector, severity, identity_id, credential_id, grant_id, subject, title, detail,
                                occurrences, first_event_ref, first_event_at, last_event_ref, last_event_at)
SELECT x.k, x.d, x.s::severity, x.i, x.c, x.g, x.sub, x.t, x.w, x.n, x.fr, to_timestamp(x.fa / 1000.0), x.lr, to_timestamp(x.la / 1000.0)
  FROM json_to_recordset($1::json) AS x(k text, d text, s text, i uuid, c uuid, g uuid, sub text, t text, w jsonb, n int8,
                                        fr text, fa int8, lr text, la int8)`;

/** Appends candidates to the durable table the fold reads (no lock on any finding row). */
export async function appendCandidates(client: Pick<Client, "query">, candidates: readonly Candidate[]): Promise<void> {
  if (candidates.length === 0) return;
  const rows = candidates.map((c) => ({
    k: dedupKey(c), d: c.detector, s: c.severity, i: c.identityId, c: c.credentialId ?? null, g: c.grantId ?? null,
    sub: c.subject, t: c.title.slice(0, 500), w: c.working, n: c.occurrences,
    fr: c.firstEventRef ?? null, fa: c.firstAt.getTime(), lr: c.lastEventRef ?? null, la: c.lastAt.getTime(),
  }));
  await client.query(INSERT_SQL, [JSON.stringify(rows)]);
}

/** Detection for one batch in the caller's transaction; returns how many candidates it appended. */
export async function detectBatch(client: Client, events: readonly DetectEvent[], identity: (id: string) => IdentityFacts | undefined): Promise<number> {
  if (events.length === 0) return 0;
  const settings = await cachedSettings(new Runner(client, true), INGEST_DETECTORS);
  const actions = new Set<string>();
  for (const e of events) actions.add(e.action);
  await loadAwsServices(actions);
  const newSources = settings.get("new-source")?.enabled === false ? new Map() : await freshSources(client, events);
  const candidates = inspectBatch(events, { identity, newSources }, settings);
  await appendCandidates(client, candidates.values());
  return candidates.size;
}
