// The findings queue's WHERE and ORDER BY from its filters: shared by the page, the CSV export
// and the API, so all three return the same set for the same filters.
import { empty, join, sql, type Sql } from "../db/sql";
import { escapeLike } from "../inventory/filters";
import type { FindingFilters } from "./filters";

const SEVERITY_AT_LEAST: Record<string, string[]> = {
  low: ["low", "medium", "high", "critical"], medium: ["medium", "high", "critical"], high: ["high", "critical"], critical: ["critical"],
};

export function findingConditions(f: Partial<FindingFilters>): Sql[] {
  const c: Sql[] = [];
  const status = f.status ?? "active";
  if (status === "active") c.push(sql`f.status IN ('open', 'acknowledged')`);
  else if (status !== "all") c.push(sql`f.status = ${status}::finding_status`);
  if (f.severity) c.push(sql`f.severity = ${f.severity}::severity`);
  if (f.minSeverity) c.push(sql`f.severity = ANY (${SEVERITY_AT_LEAST[f.minSeverity]}::severity[])`);
  if (f.detector) c.push(sql`f.detector = ${f.detector}`);
  if (f.identity) c.push(sql`f.identity_id = ${f.identity}::uuid`);
  if (f.assignee === "none") c.push(sql`f.assignee_email IS NULL`);
  else if (f.assignee) c.push(sql`lower(f.assignee_email) = lower(${f.assignee})`);
  if (f.q) c.push(sql`f.title ILIKE ${`%${escapeLike(f.q)}%`}`);
  return c;
}

export const whereOf = (c: Sql[]): Sql => (c.length ? sql`WHERE ${join(c, " AND ")}` : empty);

const ORDER: Record<FindingFilters["sort"], Sql> = {
  severity: sql`f.severity`,
  lastSeen: sql`f.last_seen_at`,
  firstSeen: sql`f.first_seen_at`,
  occurrences: sql`f.occurrences`,
};

export function orderOf(f: Pick<FindingFilters, "sort" | "dir">): Sql {
  const dir = f.dir === "asc" ? sql`ASC` : sql`DESC`;
  return sql`ORDER BY ${ORDER[f.sort]} ${dir}, f.last_seen_at DESC, f.id`;
}

/** The columns every finding read returns (list, CSV, API, one finding). */
export const FINDING_COLUMNS = sql`
  f.id, f.detector, f.severity::text AS severity, f.status::text AS status, f.title, f.subject, f.detail, f.occurrences,
  f.first_seen_at, f.last_seen_at, f.first_event_ref, f.first_event_at, f.last_event_ref, f.last_event_at,
  f.assignee_email, f.assignee_name, f.status_reason, f.suppressed_until, f.status_changed_at, f.status_changed_by,
  f.reopened_count, f.updated_at, f.change_seq::text AS change_seq, f.credential_id, f.grant_id,
  f.identity_id, i.name AS identity_name, i.external_id AS identity_external_id, i.kind::text AS identity_kind,
  i.environment AS identity_environment`;

export type FindingRow = {
  id: string; detector: string; severity: "low" | "medium" | "high" | "critical"; status: "open" | "acknowledged" | "resolved" | "suppressed";
  title: string; subject: string; detail: import("../detections/candidate").Working; occurrences: number;
  first_seen_at: Date; last_seen_at: Date; first_event_ref: string | null; first_event_at: Date | null; last_event_ref: string | null; last_event_at: Date | null;
  assignee_email: string | null; assignee_name: string | null; status_reason: string | null; suppressed_until: Date | null;
  status_changed_at: Date | null; status_changed_by: string | null; reopened_count: number; updated_at: Date; change_seq: string;
  credential_id: string | null; grant_id: string | null;
  identity_id: string | null; identity_name: string | null; identity_external_id: string | null; identity_kind: string | null; identity_environment: string | null;
};

/** A finding as the pages, CSV and API show it (JSON-safe). */
export function findingView(r: FindingRow) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: r.id, detector: r.detector, severity: r.severity, status: r.status, title: r.title, subject: r.subject, working: r.detail,
    occurrences: r.occurrences, firstSeenAt: r.first_seen_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(),
    firstEvent: r.first_event_ref ? { ref: r.first_event_ref, at: iso(r.first_event_at) } : null,
    lastEvent: r.last_event_ref ? { ref: r.last_event_ref, at: iso(r.last_event_at) } : null,
    assignee: r.assignee_email ? { email: r.assignee_email, name: r.assignee_name } : null,
    statusReason: r.status_reason, suppressedUntil: iso(r.suppressed_until), statusChangedAt: iso(r.status_changed_at), statusChangedBy: r.status_changed_by,
    reopenedCount: r.reopened_count, updatedAt: r.updated_at.toISOString(), changeSeq: r.change_seq, credentialId: r.credential_id, grantId: r.grant_id,
    identity: r.identity_id ? { id: r.identity_id, name: r.identity_name!, externalId: r.identity_external_id!, kind: r.identity_kind!, environment: r.identity_environment! } : null,
  };
}
export type FindingView = ReturnType<typeof findingView>;
