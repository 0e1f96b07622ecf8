// The denials view state as it lives in the URL, the time span a window stands for, and links to
// the event explorer. Client-safe (charts and tables build drill-down links with it): no server
// imports here.
import { z } from "zod";

const HOUR_MS = 3_600_000;

/**
 * Windows end with the current UTC hour. Charts bucket by `bucketHours`; reasons and resources
 * come from raw denial rows (rollups carry neither), so those read at most `RAW_MAX_HOURS`.
 */
export const DENIAL_WINDOWS = {
  "24h": { hours: 24, bucketHours: 1, label: "24 hours" },
  "7d": { hours: 24 * 7, bucketHours: 1, label: "7 days" },
  "30d": { hours: 24 * 30, bucketHours: 6, label: "30 days" },
} as const;
export type DenialWindow = keyof typeof DENIAL_WINDOWS;
export const DENIAL_WINDOW_KEYS = Object.keys(DENIAL_WINDOWS) as DenialWindow[];

/** Raw-event reads (reasons, resources) are bounded to the last 7 days whatever the window. */
export const RAW_MAX_HOURS = 24 * 7;
/** The baseline is the same identity's rate over this many windows before the current one. */
export const BASELINE_WINDOWS = 4;

export const DenialView = z.object({
  window: z.enum(DENIAL_WINDOW_KEYS as [DenialWindow, ...DenialWindow[]]).catch("7d"),
  by: z.enum(["identity", "reason"]).catch("identity"),
});
export type DenialView = z.infer<typeof DenialView>;
export const DEFAULT_DENIAL_VIEW: DenialView = { window: "7d", by: "identity" };

type SearchParamsInput = Record<string, string | string[] | undefined>;

export function parseDenialView(input: SearchParamsInput): DenialView {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return DenialView.parse({ window: first(input.window), by: first(input.by) });
}

export function denialsHref(view: Partial<DenialView>): string {
  const qs = new URLSearchParams();
  if (view.window && view.window !== DEFAULT_DENIAL_VIEW.window) qs.set("window", view.window);
  if (view.by && view.by !== DEFAULT_DENIAL_VIEW.by) qs.set("by", view.by);
  const s = qs.toString();
  return s ? `/denials?${s}` : "/denials";
}

/** Everything a window means in time. All instants are whole UTC hours except `now`. */
export type DenialSpan = {
  window: DenialWindow;
  hours: number;
  bucketHours: number;
  /** First hour bucket of the window (inclusive). */
  from: Date;
  /** End of the current hour (exclusive): the window is [from, to). */
  to: Date;
  /** Start of the baseline: BASELINE_WINDOWS windows before `from`. */
  baselineFrom: Date;
  /** Start of the raw-event reads (reasons, resources): at most RAW_MAX_HOURS before `to`. */
  rawFrom: Date;
  rawHours: number;
};

export function denialSpan(window: DenialWindow, now: Date): DenialSpan {
  const { hours, bucketHours } = DENIAL_WINDOWS[window];
  const to = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  const from = to - hours * HOUR_MS;
  const rawHours = Math.min(hours, RAW_MAX_HOURS);
  return {
    window,
    hours,
    bucketHours,
    from: new Date(from),
    to: new Date(to),
    baselineFrom: new Date(from - BASELINE_WINDOWS * hours * HOUR_MS),
    rawFrom: new Date(to - rawHours * HOUR_MS),
    rawHours,
  };
}

/** Bucket start instants (ISO) covering [from, to) in steps of `bucketHours`. */
export function bucketStarts(from: Date, to: Date, bucketHours: number): string[] {
  const out: string[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += bucketHours * HOUR_MS) out.push(new Date(t).toISOString());
  return out;
}

export function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
}

export type TrailsFilter = {
  decision?: "allow" | "deny" | "error";
  /** External id of the identity. */
  identity?: string;
  scope?: string;
  resource?: string;
  from?: string | Date;
  to?: string | Date;
};

/** A link into the event explorer (/trails) with its URL filters. */
export function trailsHref(f: TrailsFilter): string {
  const qs = new URLSearchParams();
  if (f.decision) qs.set("decision", f.decision);
  if (f.identity) qs.set("identity", f.identity);
  if (f.scope) qs.set("scope", f.scope);
  if (f.resource) qs.set("resource", f.resource);
  const iso = (d: string | Date) => (typeof d === "string" ? d : d.toISOString());
  if (f.from) qs.set("from", iso(f.from));
  if (f.to) qs.set("to", iso(f.to));
  const s = qs.toString();
  return s ? `/trails?${s}` : "/trails";
}
