// Moves the candidates ingest appended (finding_candidates) into findings, a moment after the
// batches committed: candidates are deleted and recorded in one transaction, so each is counted
// exactly once, and one fold at a time per database (advisory lock) keeps folds from queuing on
// the same finding rows. Like the rollup fold, it is scheduled per process after each batch and
// also run by the job queue (schedule.ts) so that candidates left by a crash are folded.
import type pg from "pg";
import { sql, withTransaction, type Runner } from "../db/sql";
import type { Candidate } from "./candidate";
import { CandidateSet, dedupKey } from "./candidate";
import { recordCandidates, type RecordResult } from "./record";
import { inspectBatch } from "./detect-batch";
import { identityFacts } from "./identity-facts";
import { INGEST_DETECTORS } from "./ingest-detectors";
import { newSource } from "./ingest/new-source";
import { knownFindings } from "./known-findings";
import { rememberSources, storeQueuedSources, type Pair } from "./known-sources";
import { readSettings } from "./settings";

// Findings can wait a few seconds; a longer gather means fewer updates of the same finding.
const FOLD_DELAY_MS = 3000;


type Row = {
  detector: string; severity: Candidate["severity"]; identity_id: string | null; credential_id: string | null; grant_id: string | null;
  subject: string; title: string; detail: Candidate["working"]; occurrences: number; first_event_ref: string | null;
  first_event_at: Date; last_event_ref: string | null; last_event_at: Date;
};

/**
 * Everything ingest left for the fold, as candidates, in the caller's transaction: the queued
 * source pairs (stored, and the new ones judged by the new-source detector) and the appended
 * candidates. Also what to cache once the transaction has committed.
 */
export async function drainPending(tx: Runner): Promise<{ candidates: Candidate[]; storedPairs: Pair[] }> {
  const set = new CandidateSet();
  const pairs = await storeQueuedSources(tx);
  if (pairs.events.length) {
    const settings = await readSettings(tx, INGEST_DETECTORS);
    // Only the new-source detector judges these reconstructed events (they carry just their sources).
    const only = new Map([...settings].map(([id, s]) => [id, id === newSource.id ? s : { ...s, enabled: false }]));
    const facts = await identityFacts(tx, [...new Set(pairs.events.map((e) => e.identityId))]);
    for (const c of inspectBatch(pairs.events, { identity: (id) => facts.get(id), newSources: pairs.newSources }, only).values()) set.add(c);
  }
  const rows = await tx.rows<Row>(sql`
    DELETE FROM finding_candidates RETURNING detector, severity::text AS severity, identity_id, credential_id, grant_id, subject, title,
           detail, occurrences, first_event_ref, first_event_at, last_event_ref, last_event_at`);
  // Oldest first, so the latest working wins within the fold.
  rows.sort((a, b) => a.last_event_at.getTime() - b.last_event_at.getTime());
  for (const r of rows) {
    set.add({
      detector: r.detector, severity: r.severity, identityId: r.identity_id, credentialId: r.credential_id, grantId: r.grant_id,
      subject: r.subject, title: r.title, working: r.detail, occurrences: r.occurrences,
      firstAt: r.first_event_at, lastAt: r.last_event_at, firstEventRef: r.first_event_ref, lastEventRef: r.last_event_ref,
    });
  }
  return { candidates: set.values(), storedPairs: pairs.stored };
}

export async function foldCandidates(pool?: pg.Pool, opts: { wait?: boolean } = {}): Promise<(RecordResult & { keys: string[] }) | { skipped: true }> {
  const result = await withTransaction(undefined, async (tx) => {
    const lock = await tx.one<{ ok: boolean }>(opts.wait
      ? sql`SELECT true AS ok FROM pg_advisory_xact_lock(hashtext('warden_findings_fold'))`
      : sql`SELECT pg_try_advisory_xact_lock(hashtext('warden_findings_fold')) AS ok`);
    if (!lock?.ok) return { skipped: true } as const;
    const { candidates, storedPairs } = await drainPending(tx);
    return { ...(await recordCandidates(tx, candidates)), keys: candidates.map(dedupKey), storedPairs };
  }, { pool, attempts: 3 });
  if (pool && !("skipped" in result)) {
    const set = knownFindings(pool);
    for (const k of result.keys) set.add(k);
    rememberSources(pool, result.storedPairs);
  }
  return result;
}

const scheduled = new WeakMap<pg.Pool, NodeJS.Timeout>();

/** Folds this pool's candidates FOLD_DELAY_MS from now unless a fold is already due. */
export function scheduleCandidateFold(pool: pg.Pool, delayMs = FOLD_DELAY_MS): void {
  if (scheduled.has(pool)) return;
  const timer = setTimeout(async () => {
    scheduled.delete(pool);
    if (pool.ended) return;
    try {
      const r = await foldCandidates(pool);
      if ("skipped" in r) scheduleCandidateFold(pool, delayMs);
    } catch (e) {
      if (pool.ended) return;
      console.warn(`warden: folding finding candidates failed (${(e as Error).message}); retrying`);
      scheduleCandidateFold(pool, delayMs * 5);
    }
  }, delayMs);
  timer.unref();
  scheduled.set(pool, timer);
}
