// Moves the candidates ingest appended (finding_candidates) into findings, a moment after the
// batches committed: candidates are deleted and recorded in one transaction, so each is counted
// exactly once, and one fold at a time per database (advisory lock) keeps folds from queuing on
// the same finding rows. Like the rollup fold, it is scheduled per process after each batch and
// also run by the job queue (schedule.ts) so that candidates left by a crash are folded.
import type pg from "pg";
import { sql, withTransaction } from "../db/sql";
import type { Candidate } from "./candidate";
import { CandidateSet, dedupKey } from "./candidate";
import { recordCandidates, type RecordResult } from "./record";

const FOLD_DELAY_MS = 1000;

// Keys this process has seen recorded as findings (per pool): ingest sends their recurrences
// without title and working. A key whose finding has gone (its identity deleted) is dropped by
// recordCandidates, so the cache can be stale without harm.
const known = new WeakMap<object, Set<string>>();
const MAX_KNOWN = 200_000;
export function knownFindings(owner: object): Set<string> {
  let set = known.get(owner);
  if (!set || set.size > MAX_KNOWN) known.set(owner, (set = new Set()));
  return set;
}

type Row = {
  detector: string; severity: Candidate["severity"]; identity_id: string | null; credential_id: string | null; grant_id: string | null;
  subject: string; title: string; detail: Candidate["working"]; occurrences: number; first_event_ref: string | null;
  first_event_at: Date; last_event_ref: string | null; last_event_at: Date;
};

export async function foldCandidates(pool?: pg.Pool, opts: { wait?: boolean } = {}): Promise<(RecordResult & { keys: string[] }) | { skipped: true }> {
  const result = await withTransaction(undefined, async (tx) => {
    const lock = await tx.one<{ ok: boolean }>(opts.wait
      ? sql`SELECT true AS ok FROM pg_advisory_xact_lock(hashtext('warden_findings_fold'))`
      : sql`SELECT pg_try_advisory_xact_lock(hashtext('warden_findings_fold')) AS ok`);
    if (!lock?.ok) return { skipped: true } as const;
    const rows = await tx.rows<Row>(sql`
      DELETE FROM finding_candidates RETURNING detector, severity::text AS severity, identity_id, credential_id, grant_id, subject, title,
             detail, occurrences, first_event_ref, first_event_at, last_event_ref, last_event_at`);
    const set = new CandidateSet();
    // Oldest first, so the latest working wins within the fold.
    rows.sort((a, b) => a.last_event_at.getTime() - b.last_event_at.getTime());
    for (const r of rows) {
      set.add({
        detector: r.detector, severity: r.severity, identityId: r.identity_id, credentialId: r.credential_id, grantId: r.grant_id,
        subject: r.subject, title: r.title, working: r.detail, occurrences: r.occurrences,
        firstAt: r.first_event_at, lastAt: r.last_event_at, firstEventRef: r.first_event_ref, lastEventRef: r.last_event_ref,
      });
    }
    const candidates = set.values();
    return { ...(await recordCandidates(tx, candidates)), keys: candidates.map(dedupKey) };
  }, { pool, attempts: 3 });
  if (pool && !("skipped" in result)) {
    const set = knownFindings(pool);
    for (const k of result.keys) set.add(k);
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
