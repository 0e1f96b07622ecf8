// The event explorer: one keyset page of audit events under the URL's filters, newest first.
// No count(*) over the filtered set (at 10M events it would cost more than the page); whether
// there is more is known by reading one row past the page.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { sql, type Runner, type Sql } from "../db/sql";
import { toEventRow, type EventRow } from "./columns";
import { between, eventBatchSql, eventConditions, newerThan, olderThan, resolveIdentityFilter, type IdentityMatch } from "./explorer-sql";
import { ParsedEventFilters, resolveWindow, type Cursor, type TimeWindow } from "./filters";

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

export const ScanOptions = z.object({
  /** First slice of the time-sliced scan; each further slice doubles. */
  sliceMs: z.number().positive().optional(),
  /** Longest slice. */
  maxSliceMs: z.number().positive().optional(),
  /** Do not start a slice that would end past this long; answer with what was found. */
  budgetMs: z.number().min(0).optional(),
});
export type ScanOptions = z.infer<typeof ScanOptions>;

const SCAN_DEFAULTS = { sliceMs: 6 * 3_600_000, maxSliceMs: 48 * 3_600_000, budgetMs: 1000 } satisfies Required<ScanOptions>;

type Scan = { raw: Record<string, unknown>[]; stoppedAt: Date | null };

/**
 * Newest-first (or, towards the newest, oldest-first) in time slices, so that a filter matching
 * nothing reads one slice per query and the request stops after `budgetMs` with a cursor at the
 * slice boundary instead of scanning the whole window. A filter matching plenty fills the page
 * from the first slice, which is one ordered index scan that stops at the limit.
 */
async function scan(
  db: Runner,
  conditions: Sql[],
  w: TimeWindow,
  direction: "older" | "newer",
  cursor: Cursor | undefined,
  limit: number,
  opts: Required<ScanOptions>,
): Promise<Scan> {
  const started = performance.now();
  const raw: Record<string, unknown>[] = [];
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
    raw.push(...(await db.rows<Record<string, unknown>>(eventBatchSql(slice, limit - raw.length, direction))));
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

const cursorOf = (r: EventRow): Cursor => ({ at: r.at, id: r.id });

export const listEvents = defineQuery({
  permission: "events:read",
  input: ScanOptions.extend({ filters: ParsedEventFilters, now: z.date().optional() }),
  async run(db, { filters: f, now = new Date(), ...scanOpts }): Promise<EventPage> {
    const window = resolveWindow(f, now);
    // null = no identity filter, [] = it matched nobody (answered without reading events).
    const identities = f.identity ? await resolveIdentityFilter(db, f.identity) : null;
    const none = { rows: [], window, identities, older: null, newer: null, searchedTo: null, searchedFrom: null };
    if (identities && identities.length === 0) return none;
    const conditions = eventConditions(f, window, identities?.map((i) => i.id) ?? null);
    const size = f.pageSize;
    const opts = { ...SCAN_DEFAULTS, ...scanOpts };
    // A budget stop leaves a boundary cursor: (occurred_at, id) < (t, 0) is "older than t".
    const boundaryAt = (stoppedAt: Date | null) => (stoppedAt ? { at: stoppedAt.toISOString(), id: "0" } : null);

    if (f.after && !f.before) {
      // Paging back towards the newest: read ascending past the cursor, then flip.
      const { raw, stoppedAt } = await scan(db, conditions, window, "newer", f.after, size + 1, opts);
      const rows = raw.slice(0, size).reverse().map(toEventRow);
      return {
        ...none,
        rows,
        newer: raw.length > size ? cursorOf(rows[0]) : boundaryAt(stoppedAt),
        older: rows.length ? cursorOf(rows[rows.length - 1]) : f.after,
        searchedFrom: stoppedAt?.toISOString() ?? null,
      };
    }

    const { raw, stoppedAt } = await scan(db, conditions, window, "older", f.before, size + 1, opts);
    const rows = raw.slice(0, size).map(toEventRow);
    return {
      ...none,
      rows,
      older: raw.length > size ? cursorOf(rows[rows.length - 1]) : boundaryAt(stoppedAt),
      // On a page reached with `before`, newer rows exist (at least the ones we came from).
      newer: f.before ? (rows.length ? cursorOf(rows[0]) : f.before) : null,
      searchedTo: stoppedAt?.toISOString() ?? null,
    };
  },
});

/** Distinct owner teams for the filter bar (a handful of rows, read from the small owners table). */
export const ownerTeams = defineQuery({
  permission: "events:read",
  async run(db): Promise<string[]> {
    const rows = await db.rows<{ team: string }>(sql`SELECT DISTINCT team FROM owners ORDER BY team`);
    return rows.map((r) => r.team);
  },
});
