// The event explorer: one keyset page of audit events under the URL's filters, newest first.
// No count(*) over the filtered set (at 10M events it would cost more than the page); whether
// there is more is known by reading one row past the page.
import { assertCan, type Actor } from "../auth/roles";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import {
  between,
  eventBatchSql,
  eventConditions,
  newerThan,
  olderThan,
  resolveIdentityFilter,
  type EventRowRaw,
  type IdentityMatch,
} from "./trails-sql";
import { resolveWindow, type Cursor, type EventFilters, type TimeWindow } from "./trails-filters";

/** One explorer row: strings only, so that it crosses the server → client boundary unchanged. */
export type EventRow = {
  id: string;
  /** ISO 8601 UTC with microseconds. */
  at: string;
  receivedAt: string;
  source: string;
  eventId: string;
  identityId: string;
  identityRef: string;
  identityName: string | null;
  identityKind: string | null;
  actorType: string;
  credentialRef: string | null;
  action: string;
  resource: string | null;
  scope: string | null;
  decision: "allow" | "deny" | "error";
  authResult: string | null;
  reason: string | null;
  policyId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  origin: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  sessionId: string | null;
  traceId: string | null;
  parentEventId: string | null;
  context: string | null;
  ownerTeam: string | null;
  environment: string | null;
  granted: boolean | null;
  riskClass: string | null;
};

export type EventPage = {
  rows: EventRow[];
  window: TimeWindow;
  /** Set when the identity filter matched one or more identities. */
  identities: IdentityMatch[] | null;
  /** Cursor for the next (older) page, when there is one. */
  older: Cursor | null;
  /** Cursor for the previous (newer) page, when this is not the first page. */
  newer: Cursor | null;
  /**
   * Set when the search budget ran out before the page filled: every matching event between
   * this instant and the top of the page is shown, and `older` continues from here. Happens
   * only for rare matches over long windows (the scan is bounded per request, not per window).
   */
  searchedTo: string | null;
  /** The same when paging towards the newest: matches are complete up to this instant. */
  searchedFrom: string | null;
};

export type ScanOptions = {
  /** First slice of the time-sliced scan; each further slice doubles. */
  sliceMs?: number;
  /** Longest slice. */
  maxSliceMs?: number;
  /** Do not start a slice that would end past this long; answer with what was found. */
  budgetMs?: number;
};

const SCAN_DEFAULTS = { sliceMs: 6 * 3_600_000, maxSliceMs: 48 * 3_600_000, budgetMs: 1000 } satisfies Required<ScanOptions>;

type Scan = { raw: EventRowRaw[]; stoppedAt: Date | null };

/**
 * Newest-first (or, towards the newest, oldest-first) in time slices, so that a filter matching
 * nothing reads one slice per query and the request stops after `budgetMs` with a cursor at the
 * slice boundary instead of scanning the whole window. A filter matching plenty fills the page
 * from the first slice, which is one ordered index scan that stops at the limit.
 */
async function scan(
  conditions: Prisma.Sql[],
  w: TimeWindow,
  direction: "older" | "newer",
  cursor: Cursor | undefined,
  limit: number,
  opts: Required<ScanOptions>,
): Promise<Scan> {
  const started = performance.now();
  const raw: EventRowRaw[] = [];
  let span = opts.sliceMs;
  // The edge of the unscanned part: the cursor (or window edge), then each slice's far bound.
  let edge = cursor ? new Date(cursor.at) : direction === "older" ? w.to : w.from;
  let first = true;
  for (;;) {
    const sliceStarted = performance.now();
    const far =
      direction === "older"
        ? new Date(Math.max(w.from.getTime(), edge.getTime() - span))
        : new Date(Math.min(w.to.getTime(), edge.getTime() + span));
    const slice = [...conditions];
    if (first && cursor) slice.push(direction === "older" ? olderThan(cursor) : newerThan(cursor));
    // Slice edges are milliseconds; the cursor (microseconds) bounds the first slice exactly.
    slice.push(direction === "older" ? between(far, first && cursor ? new Date(edge.getTime() + 1) : edge) : between(edge, far));
    const rows = await db().$queryRaw<EventRowRaw[]>(eventBatchSql(slice, limit - raw.length, direction));
    raw.push(...rows);
    first = false;
    edge = far;
    const exhausted = direction === "older" ? far <= w.from : far >= w.to;
    if (raw.length >= limit || exhausted) return { raw, stoppedAt: null };
    // The next slice is twice as long and costs about twice as much: start it only if it fits.
    const now = performance.now();
    if (now - started + 2 * (now - sliceStarted) > opts.budgetMs) return { raw, stoppedAt: far };
    span = Math.min(span * 2, opts.maxSliceMs);
  }
}

export function toEventRow(r: EventRowRaw): EventRow {
  return {
    id: r.id,
    at: r.at,
    receivedAt: r.received_at.toISOString(),
    source: r.source,
    eventId: r.event_id,
    identityId: r.identity_id,
    identityRef: r.identity_ref,
    identityName: r.identity_name,
    identityKind: r.identity_kind,
    actorType: r.actor_type,
    credentialRef: r.credential_ref,
    action: r.action,
    resource: r.resource,
    scope: r.scope,
    decision: r.decision,
    authResult: r.auth_result,
    reason: r.reason,
    policyId: r.policy_id,
    sourceIp: r.source_ip,
    userAgent: r.user_agent,
    origin: r.origin,
    method: r.method,
    path: r.path,
    status: r.status,
    sessionId: r.session_id,
    traceId: r.trace_id,
    parentEventId: r.parent_event_id,
    context: r.context === null || r.context === undefined ? null : JSON.stringify(r.context),
    ownerTeam: r.owner_team,
    environment: r.environment,
    granted: r.granted,
    riskClass: r.risk_class,
  };
}

const cursorOf = (r: EventRow): Cursor => ({ at: r.at, id: r.id });

/** Resolves the identity filter; null = no identity filter, [] = it matched nobody. */
export async function identityIdsFor(actor: Actor, f: EventFilters): Promise<IdentityMatch[] | null> {
  return f.identity ? resolveIdentityFilter(actor, f.identity) : null;
}

export async function listEvents(
  actor: Actor,
  f: EventFilters,
  { now = new Date(), ...scanOpts }: { now?: Date } & ScanOptions = {},
): Promise<EventPage> {
  assertCan(actor, "events:read");
  const window = resolveWindow(f, now);
  const identities = await identityIdsFor(actor, f);
  const none = { rows: [], window, identities, older: null, newer: null, searchedTo: null, searchedFrom: null };
  if (identities && identities.length === 0) return none;
  const conditions = eventConditions(f, window, identities?.map((i) => i.id) ?? null);
  const size = f.pageSize;
  const opts = { ...SCAN_DEFAULTS, ...scanOpts };

  if (f.after && !f.before) {
    // Paging back towards the newest: read ascending past the cursor, then flip.
    const { raw, stoppedAt } = await scan(conditions, window, "newer", f.after, size + 1, opts);
    const rows = raw.slice(0, size).reverse().map(toEventRow);
    const boundary = stoppedAt ? { at: stoppedAt.toISOString(), id: "0" } : null;
    return {
      ...none,
      rows,
      newer: raw.length > size ? cursorOf(rows[0]) : boundary,
      older: rows.length ? cursorOf(rows[rows.length - 1]) : f.after,
      searchedFrom: stoppedAt?.toISOString() ?? null,
    };
  }

  const { raw, stoppedAt } = await scan(conditions, window, "older", f.before, size + 1, opts);
  const rows = raw.slice(0, size).map(toEventRow);
  // A budget stop leaves a boundary cursor: (occurred_at, id) < (t, 0) is "older than t".
  const boundary = stoppedAt ? { at: stoppedAt.toISOString(), id: "0" } : null;
  return {
    ...none,
    rows,
    older: raw.length > size ? cursorOf(rows[rows.length - 1]) : boundary,
    // On a page reached with `before`, newer rows exist (at least the ones we came from).
    newer: f.before ? (rows.length ? cursorOf(rows[0]) : f.before) : null,
    searchedTo: stoppedAt?.toISOString() ?? null,
  };
}

/** Distinct owner teams for the filter bar (a handful of rows, read from the small owners table). */
export async function ownerTeams(actor: Actor): Promise<string[]> {
  assertCan(actor, "events:read");
  const rows = await db().$queryRaw<{ team: string }[]>`SELECT DISTINCT team FROM owners ORDER BY team`;
  return rows.map((r) => r.team);
}
