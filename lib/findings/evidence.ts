// The trail view filtered to the events behind a finding: its identity, the detector's evidence
// filters, and the span from its first to its last event (a minute either side). Client-safe.
import { eventsHref, type EventFilters } from "../events/filters";
import type { FindingView } from "./finding-sql";

const MINUTE = 60_000;
const KEYS = ["identity", "ip", "scope", "action", "decision", "grant", "q", "session"] as const;

export function evidenceHref(f: Pick<FindingView, "identity" | "working" | "firstEvent" | "lastEvent">): string | null {
  const ev = f.working.evidence ?? {};
  const state: Partial<EventFilters> = {};
  for (const k of KEYS) if (ev[k]) (state as Record<string, string>)[k] = ev[k];
  if (!state.identity && f.identity) state.identity = f.identity.externalId;
  if (!state.identity) return null;
  const from = f.firstEvent?.at ?? ev.from;
  const to = f.lastEvent?.at ?? ev.to;
  if (from && to) {
    state.from = new Date(Date.parse(from) - MINUTE);
    state.to = new Date(Date.parse(to) + MINUTE);
  } else if (ev.range === "1h" || ev.range === "24h" || ev.range === "7d" || ev.range === "30d") {
    state.range = ev.range;
  } else {
    state.range = "7d";
  }
  state.cols = ["time", "identity", "action", "resource", "decision", "sourceIp", "userAgent", "origin", "eventId"];
  return eventsHref(state);
}

/** The explorer filtered to one event (its id is searched in the same window). */
export function eventHref(f: Pick<FindingView, "identity">, ev: { ref: string; at: string | null } | null): string | null {
  if (!ev?.at || !f.identity) return null;
  const at = Date.parse(ev.at);
  return eventsHref({ identity: f.identity.externalId, from: new Date(at - MINUTE), to: new Date(at + MINUTE), cols: ["time", "action", "resource", "decision", "sourceIp", "userAgent", "eventId"] });
}
