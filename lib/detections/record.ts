// Turns candidates into findings, in the caller's transaction: one finding per (detector,
// identity, subject). A new key opens a finding assigned to the identity's accountable owner; a
// recurrence adds its occurrences and widens last seen; a resolved finding that recurs, or a
// suppressed one whose suppression has expired, is reopened. Every opening, reopening and
// automatic resolution is a row in Warden's audit log (counters moving are not).
import { appendAudit } from "../audit-log/append";
import type { Actor } from "../auth/roles";
import { sql, type Runner } from "../db/sql";
import { dedupKey, type Candidate } from "./candidate";

export const DETECTIONS_ACTOR: Actor = { kind: "system", name: "warden detections" };

export type RecordResult = { raised: string[]; reopened: string[]; updated: number };

type Prior = { dedup_key: string; status: string; suppressed_until: Date | null };

/**
 * `add`: occurrences accumulate (ingest: each candidate is new events). `replace`: a scheduled run
 * re-derives the whole state, so its count replaces the stored one.
 */
export async function recordCandidates(tx: Runner, candidates: readonly Candidate[], now = new Date(), mode: "add" | "replace" = "add"): Promise<RecordResult> {
  if (candidates.length === 0) return { raised: [], reopened: [], updated: 0 };
  const rows = candidates.map((c) => ({
    k: dedupKey(c), d: c.detector, s: c.severity, i: c.identityId, c: c.credentialId ?? null, g: c.grantId ?? null,
    sub: c.subject, t: c.title?.slice(0, 500) ?? null, w: c.working ?? null, n: c.occurrences, fa: c.firstAt.toISOString(), la: c.lastAt.toISOString(),
    fr: c.firstEventRef ?? null, lr: c.lastEventRef ?? null,
  }));
  const keys = rows.map((r) => r.k);
  // Lock the existing rows first (in key order: concurrent folds and lifecycle verbs agree on it).
  const prior = await tx.rows<Prior>(sql`
    SELECT dedup_key, status::text AS status, suppressed_until FROM findings
     WHERE dedup_key = ANY (${keys}::text[]) ORDER BY dedup_key FOR UPDATE`);
  const before = new Map(prior.map((p) => [p.dedup_key, p]));
  // A recurrence sent without its working whose finding has gone (identity deleted) is dropped.
  const usable = rows.filter((r) => r.w !== null || before.has(r.k));
  if (usable.length === 0) return { raised: [], reopened: [], updated: 0 };
  const out = await tx.rows<{ id: string; dedup_key: string; status: string; detector: string; title: string; severity: string }>(sql`
    WITH c AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(usable)}::json) AS x(k text, d text, s text, i uuid, c uuid, g uuid, sub text,
             t text, w jsonb, n int8, fa timestamptz, la timestamptz, fr text, lr text)
    )
    INSERT INTO findings AS f (dedup_key, detector, severity, status, identity_id, credential_id, grant_id, subject, title, detail,
                               first_seen_at, last_seen_at, occurrences, first_event_ref, first_event_at, last_event_ref, last_event_at,
                               assignee_email, assignee_name, status_changed_at, status_changed_by, updated_at)
    SELECT c.k, c.d, c.s::severity, 'open', c.i, c.c, c.g, c.sub, coalesce(c.t, ex.title), coalesce(c.w, ex.detail), c.fa, c.la, c.n,
           c.fr, CASE WHEN c.fr IS NULL THEN NULL ELSE c.fa END, c.lr, CASE WHEN c.lr IS NULL THEN NULL ELSE c.la END,
           o.person_email, o.person_name, ${now}::timestamptz, 'warden detections', ${now}::timestamptz
      FROM c LEFT JOIN identities i ON i.id = c.i LEFT JOIN owners o ON o.id = i.owner_id
      LEFT JOIN findings ex ON ex.dedup_key = c.k -- a recurrence sent without its working keeps the finding's
     ORDER BY c.k
    ON CONFLICT (dedup_key) DO UPDATE SET
      occurrences = CASE WHEN ${mode} = 'replace' THEN excluded.occurrences ELSE f.occurrences + excluded.occurrences END,
      severity = greatest(f.severity, excluded.severity),
      title = excluded.title,
      detail = excluded.detail,
      credential_id = coalesce(excluded.credential_id, f.credential_id),
      grant_id = coalesce(excluded.grant_id, f.grant_id),
      first_event_ref = coalesce(f.first_event_ref, excluded.first_event_ref),
      first_event_at = coalesce(f.first_event_at, excluded.first_event_at),
      last_event_ref = CASE WHEN excluded.last_event_at >= coalesce(f.last_event_at, '-infinity') THEN excluded.last_event_ref ELSE f.last_event_ref END,
      last_event_at = greatest(f.last_event_at, excluded.last_event_at),
      last_seen_at = greatest(f.last_seen_at, excluded.last_seen_at),
      status = CASE WHEN f.status = 'resolved' OR (f.status = 'suppressed' AND f.suppressed_until <= ${now}::timestamptz) THEN 'open'::finding_status ELSE f.status END,
      reopened_count = f.reopened_count + CASE WHEN f.status = 'resolved' OR (f.status = 'suppressed' AND f.suppressed_until <= ${now}::timestamptz) THEN 1 ELSE 0 END,
      status_reason = CASE WHEN f.status = 'resolved' THEN 'recurred after it was resolved'
                           WHEN f.status = 'suppressed' AND f.suppressed_until <= ${now}::timestamptz THEN 'recurred after its suppression expired'
                           ELSE f.status_reason END,
      status_changed_at = CASE WHEN f.status = 'resolved' OR (f.status = 'suppressed' AND f.suppressed_until <= ${now}::timestamptz) THEN ${now}::timestamptz ELSE f.status_changed_at END,
      status_changed_by = CASE WHEN f.status = 'resolved' OR (f.status = 'suppressed' AND f.suppressed_until <= ${now}::timestamptz) THEN 'warden detections' ELSE f.status_changed_by END,
      suppressed_until = CASE WHEN f.status = 'suppressed' AND f.suppressed_until <= ${now}::timestamptz THEN NULL ELSE f.suppressed_until END,
      updated_at = ${now}::timestamptz,
      -- The API's change cursor moves for what a SIEM acts on (reopened, more severe), not for counts.
      change_seq = CASE WHEN f.status = 'resolved' OR (f.status = 'suppressed' AND f.suppressed_until <= ${now}::timestamptz)
                          OR excluded.severity > f.severity THEN nextval('findings_change_seq') ELSE f.change_seq END
    RETURNING f.id, f.dedup_key, f.status::text AS status, f.detector, f.title, f.severity::text AS severity`);
  const raised: string[] = [];
  const reopened: string[] = [];
  for (const r of out) {
    const was = before.get(r.dedup_key);
    if (!was) raised.push(r.id);
    else if (was.status !== r.status && r.status === "open") reopened.push(r.id);
    if (!was || (was.status !== r.status && r.status === "open")) {
      await appendAudit(tx, DETECTIONS_ACTOR, {
        action: was ? "finding.reopen" : "finding.raise", targetType: "finding", targetId: r.id,
        detail: { detector: r.detector, severity: r.severity, title: r.title, ...(was ? { from: was.status } : {}) },
      });
    }
  }
  return { raised, reopened, updated: out.length - raised.length - reopened.length };
}

/** Resolves a state detector's open findings that its latest run no longer produced. */
export async function resolveStale(tx: Runner, detector: string, keep: readonly string[], now = new Date()): Promise<string[]> {
  const gone = await tx.rows<{ id: string; title: string }>(sql`
    UPDATE findings SET status = 'resolved', status_reason = 'the condition no longer holds', status_changed_at = ${now}::timestamptz,
           status_changed_by = 'warden detections', updated_at = ${now}::timestamptz, change_seq = nextval('findings_change_seq')
     WHERE detector = ${detector} AND status IN ('open', 'acknowledged') AND NOT (dedup_key = ANY (${[...keep]}::text[]))
    RETURNING id, title`);
  for (const g of gone) {
    await appendAudit(tx, DETECTIONS_ACTOR, { action: "finding.auto_resolve", targetType: "finding", targetId: g.id, detail: { detector, title: g.title, reason: "the condition no longer holds" } });
  }
  return gone.map((g) => g.id);
}
