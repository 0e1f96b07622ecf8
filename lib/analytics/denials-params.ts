// The denials view state as it lives in the URL, the time span a window stands for, and links to
// the event explorer. Client-safe (charts and tables build drill-down links with it): no server
// imports here.
import { z } from "zod";
import { defineViewState } from "../core/view-state";

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

/** A window key, strictly: for queries (the URL's parser falls back to the default instead). */
export const DenialWindowKey = z.enum(DENIAL_WINDOW_KEYS as [DenialWindow, ...DenialWindow[]]);

export const DenialView = z.object({
  window: DenialWindowKey.catch("7d"),
  by: z.enum(["identity", "reason"]).catch("identity"),
});
export type DenialView = z.infer<typeof DenialView>;

export const denialViewState = defineViewState({ path: "/denials", schema: DenialView });
export const parseDenialView = denialViewState.parse;
export const denialsHref = denialViewState.href;

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
