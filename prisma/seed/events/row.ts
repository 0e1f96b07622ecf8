// One audit_events row as the generator produces it, and its COPY text-format line.
import type { ActorType, Decision, RiskClass } from "../types";

export const SOURCE = "demo";

/**
 * One audit_events row as the generator keeps it until its hour is written. Columns that are the
 * same for every event of a workload (`who`) or of a target (`what`) are COPY text built once and
 * reused: most of a line is shared, which keeps generation cheap at 10M events.
 */
export interface EventRow {
  t: number;
  received: number;
  eventId: string;
  decision: Decision;
  authResult: "success" | "failure" | null;
  reason: string | null;
  policyId: string | null;
  status: number | null;
  sessionId: string | null;
  traceId: string | null;
  parentEventId: string | null;
  /** JSON text. */
  context: string | null;
  granted: boolean | null;
  /** COPY text of WHO_COLUMNS. */
  who: string;
  /** COPY text of WHAT_COLUMNS. */
  what: string;
}

const LINE_COLUMNS = [
  "source", "event_id", "occurred_at", "received_at", "decision", "auth_result", "reason", "policy_id", "status",
  "session_id", "trace_id", "parent_event_id", "context", "granted",
] as const;
/** Fixed per identity and profile (where it calls from). */
export const WHO_COLUMNS = [
  "identity_id", "identity_ref", "actor_type", "credential_ref", "source_ip", "user_agent", "origin", "owner_id", "environment",
] as const;
/** Fixed per action and target. */
export const WHAT_COLUMNS = ["action", "scope", "resource", "method", "path", "risk_class"] as const;

/** Column order of copyLine(); `id` comes from the table's sequence. */
export const COPY_COLUMNS = [...LINE_COLUMNS, ...WHO_COLUMNS, ...WHAT_COLUMNS] as const;

const SPECIAL = /[\\\t\n\r]/;

/** COPY text format: backslash, tab and newlines escaped; NULL is \N. */
function t(v: string | null): string {
  if (v === null) return "\\N";
  if (!SPECIAL.test(v)) return v;
  return v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** Generator-built values (ids, enums) go in as they are. */
function n(v: string | null): string {
  return v === null ? "\\N" : v;
}

// ISO-8601 timestamps are the costliest part of a line: events arrive in time order, so the
// "YYYY-MM-DDTHH:" prefix is cached per hour and only minutes, seconds and millis are formatted.
class IsoFormatter {
  private hour = -1;
  private prefix = "";

  format(ms: number): string {
    const h = Math.floor(ms / 3_600_000);
    if (h !== this.hour) {
      this.hour = h;
      this.prefix = new Date(h * 3_600_000).toISOString().slice(0, 14);
    }
    const rest = ms - h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    const sec = Math.floor((rest % 60_000) / 1000);
    const milli = rest % 1000;
    return `${this.prefix}${m < 10 ? "0" : ""}${m}:${sec < 10 ? "0" : ""}${sec}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
  }
}

const occurredIso = new IsoFormatter();
const receivedIso = new IsoFormatter();

export interface Who {
  identityId: string;
  identityRef: string;
  actorType: ActorType;
  credentialRef: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  origin: string | null;
  ownerId: string | null;
  environment: string;
}

export function whoText(w: Who): string {
  return [w.identityId, w.identityRef, w.actorType, w.credentialRef, w.sourceIp, w.userAgent, w.origin, w.ownerId, w.environment]
    .map((v) => t(v)).join("\t");
}

export interface What {
  action: string;
  scope: string | null;
  resource: string | null;
  method: string | null;
  path: string | null;
  riskClass: RiskClass | null;
}

export function whatText(w: What): string {
  return [w.action, w.scope, w.resource, w.method, w.path, w.riskClass].map((v) => t(v)).join("\t");
}

export function copyLine(e: EventRow): string {
  return (
    `${SOURCE}\t${e.eventId}\t${occurredIso.format(e.t)}\t${receivedIso.format(e.received)}\t${e.decision}\t` +
    `${n(e.authResult)}\t${t(e.reason)}\t${t(e.policyId)}\t${e.status === null ? "\\N" : e.status}\t${n(e.sessionId)}\t` +
    `${n(e.traceId)}\t${n(e.parentEventId)}\t${t(e.context)}\t${e.granted === null ? "\\N" : e.granted ? "t" : "f"}\t` +
    `${e.who}\t${e.what}\n`
  );
}
