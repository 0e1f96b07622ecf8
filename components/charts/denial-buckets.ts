// Labels, colours and drill-down links for the denials chart, shared with the server-rendered
// spike list and tables (so: not a client module).
import type { StackSeries } from "@/lib/analytics/denials";
import { addHours } from "@/lib/analytics/denials-params";
import { eventsHref } from "@/lib/events/filters";
import { dayLabel } from "./format";

/** Distinguishable on white and against each other; grey is always "Other". */
export const SERIES_COLOURS = ["#4f46e5", "#ea580c", "#0d9488", "#db2777", "#0284c7", "#a16207", "#7c3aed", "#4d7c0f"];
const OTHER = "#94a3b8";
export const SPIKE_COLOUR = "#b91c1c";

export type ChartSpike = { hour: string; kind: "probing" | "spike"; identity: string };

export function colourOf(series: StackSeries, i: number): string {
  return series.key === "other" ? OTHER : SERIES_COLOURS[i % SERIES_COLOURS.length];
}

/** "Thu 19 Nov 01:00–02:00 UTC"; a period that runs past midnight names both days. */
export function bucketLabel(iso: string, hours: number): string {
  const end = addHours(iso, hours);
  const endTime = end.slice(11, 16);
  if (end.slice(0, 10) === iso.slice(0, 10) || endTime === "00:00") {
    return `${dayLabel(iso)} ${iso.slice(11, 16)}–${endTime === "00:00" ? "24:00" : endTime} UTC`;
  }
  return `${dayLabel(iso)} ${iso.slice(11, 16)} – ${dayLabel(end)} ${endTime} UTC`;
}

/** The event-explorer link for one series (or all denials when none) over [from, from + hours). */
export function seriesHref(s: StackSeries | undefined, from: string, hours: number): string {
  return eventsHref({ decision: "deny", identity: s?.identity?.externalId, from: new Date(from), to: new Date(addHours(from, hours)) });
}

