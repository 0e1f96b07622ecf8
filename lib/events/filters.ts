// The event explorer's view state as it lives in the URL: filters, time window, keyset cursor,
// page size and visible columns. One view state serves the page, the CSV / NDJSON export and links
// from other views (identity page, denials). Client-safe: no server imports (the filter bar uses it).
import { z } from "zod";
import { defineViewState, optionalParam } from "../core/view-state";
import { Decision, IdentityKind } from "../db/generated/enums";

export const RANGE_PRESETS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_RANGE: RangePreset = "24h";
export const RANGE_LABELS: Record<RangePreset, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
};

export const EVENT_PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_EVENT_PAGE_SIZE = 50;

/** Columns of the explorer; the order here is the order on screen. */
export const EVENT_COLUMNS = [
  "time", "identity", "actor", "owner", "action", "scope", "resource", "decision", "risk", "reason",
  "sourceIp", "userAgent", "origin", "credential", "session", "http", "policy", "environment", "eventId",
] as const;
export type EventColumn = (typeof EVENT_COLUMNS)[number];
// Action and scope are the same text for most producers, so scope starts hidden; "No grant" shows
// with the decision either way.
export const DEFAULT_COLUMNS: readonly EventColumn[] = ["time", "identity", "actor", "action", "resource", "decision", "sourceIp"];

export const COLUMN_LABELS: Record<EventColumn, string> = {
  time: "Time (UTC)", identity: "Identity", actor: "Actor", owner: "Owner team", action: "Action",
  scope: "Scope", resource: "Resource", decision: "Decision", risk: "Risk class", reason: "Reason",
  sourceIp: "Source IP", userAgent: "User agent", origin: "Origin", credential: "Credential",
  session: "Session / trace", http: "HTTP", policy: "Policy", environment: "Environment", eventId: "Event ID",
};

/** Keyset position: the (occurred_at, id) of the last row shown, microseconds kept as text. */
export type Cursor = { at: string; id: string };
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)_(\d{1,19})$/;

export function parseCursor(s: string): Cursor | undefined {
  const m = CURSOR.exec(s);
  return m && !Number.isNaN(Date.parse(m[1])) ? { at: m[1], id: m[2] } : undefined;
}
export const formatCursor = (c: Cursor): string => `${c.at}_${c.id}`;

/** `2026-11-20T10:00`, `…:00`, `…:00.000Z`: UTC instants as typed in a datetime-local field. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?Z?$/;
export function parseInstant(s: string): Date | undefined {
  if (!INSTANT.test(s)) return undefined;
  const d = new Date(s.endsWith("Z") ? s : `${s}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const text = (max: number) => optionalParam(z.string().trim().min(1).max(max));
/** A string parameter read by `parse`; a value it cannot read drops the parameter. */
const parsed = <T>(parse: (s: string) => T | undefined) =>
  optionalParam(z.string().transform((s, ctx) => parse(s) ?? (ctx.addIssue({ code: "custom", message: "unreadable" }), z.NEVER)));

export const EventFilters = z.object({
  identity: text(300),
  owner: text(200),
  kind: optionalParam(z.enum(IdentityKind)),
  action: text(300),
  resource: text(500),
  scope: text(300),
  decision: optionalParam(z.enum(Decision)),
  /** `out`: only events whose scope was not granted at that moment. */
  grant: optionalParam(z.literal("out")),
  ip: text(100),
  /** Session or trace id (the identity trail links here for long sessions). */
  session: text(200),
  q: text(200),
  range: optionalParam(z.enum(Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]])),
  from: parsed(parseInstant),
  to: parsed(parseInstant),
  before: parsed(parseCursor),
  after: parsed(parseCursor),
  pageSize: z.coerce.number().int().min(1).max(200).catch(DEFAULT_EVENT_PAGE_SIZE),
  cols: optionalParam(
    z.string().transform((s) => {
      const wanted = new Set(s.split(","));
      return EVENT_COLUMNS.filter((c) => wanted.has(c));
    }),
  ),
});
export type EventFilters = z.infer<typeof EventFilters>;
/**
 * Filters already parsed from a URL, as a query's input. Not parsed again: the URL schema reads
 * strings and drops what it cannot read, so a second pass would drop the parsed dates and cursors.
 */
export const ParsedEventFilters = z.custom<EventFilters>((v) => typeof v === "object" && v !== null, { error: "filters are required" });

/** The keys that narrow the set (as opposed to window, paging and columns). */
export const EVENT_FILTER_KEYS = [
  "identity", "owner", "kind", "action", "resource", "scope", "decision", "grant", "ip", "session", "q",
] as const;
export type EventFilterKey = (typeof EVENT_FILTER_KEYS)[number];

export const eventViewState = defineViewState({
  path: "/trails",
  schema: EventFilters,
  // Drill-down links from other views (denials) read decision, identity, scope, resource first.
  order: [
    "decision", "identity", "scope", "resource", "action", "owner", "kind", "grant", "ip", "session", "q",
    "range", "from", "to", "cols", "pageSize", "before", "after",
  ],
  encode: {
    // An explicit window replaces the preset; the default preset is left out.
    range: (v, f) => (f.from || f.to || v === DEFAULT_RANGE ? undefined : v),
    cols: (v) => (v.length > 0 && v.join(",") !== DEFAULT_COLUMNS.join(",") ? v.join(",") : undefined),
    before: formatCursor,
    after: (v, f) => (f.before ? undefined : formatCursor(v)),
  },
});

/** Parses Next.js searchParams or a URLSearchParams; repeated keys keep their first value. */
export const parseEventFilters = eventViewState.parse;
/** Serialises back to a query string, leaving defaults out so links stay short. */
export const eventSearchParams = eventViewState.searchParams;
export const eventsHref = eventViewState.href;

export function hasActiveEventFilters(f: Partial<EventFilters>): boolean {
  return EVENT_FILTER_KEYS.some((k) => f[k] !== undefined);
}

/** The columns to show: the URL's choice, or the defaults; time always stays as the anchor. */
export function visibleColumns(f: Pick<EventFilters, "cols">): EventColumn[] {
  const chosen = f.cols && f.cols.length > 0 ? f.cols : DEFAULT_COLUMNS;
  return chosen.includes("time") ? [...chosen] : ["time", ...chosen];
}

export type TimeWindow = { from: Date; to: Date; preset: RangePreset | null };

/**
 * The absolute window a request reads. Every query is bounded by one, so that partition pruning
 * and the time indexes always apply: a preset (default 24h) ending now, or from/to as given
 * (a lone `from` runs to now, a lone `to` starts 24h earlier; reversed bounds are swapped).
 */
export function resolveWindow(f: Pick<EventFilters, "range" | "from" | "to">, now: Date): TimeWindow {
  if (f.from || f.to) {
    let from = f.from ?? new Date((f.to as Date).getTime() - RANGE_PRESETS[DEFAULT_RANGE]);
    let to = f.to ?? now;
    if (from > to) [from, to] = [to, from];
    return { from, to, preset: null };
  }
  const preset = f.range ?? DEFAULT_RANGE;
  return { from: new Date(now.getTime() - RANGE_PRESETS[preset]), to: now, preset };
}

/** `YYYY-MM-DDTHH:MM` in UTC, the value format of a datetime-local input. */
export function toMinuteInput(d: Date): string {
  return d.toISOString().slice(0, 16);
}

/** `svc*` → prefix match; anything else is exact. */
export function patternOf(value: string): { exact: string } | { prefix: string } {
  return value.length > 1 && value.endsWith("*") ? { prefix: value.slice(0, -1) } : { exact: value };
}
