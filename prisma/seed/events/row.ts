// One audit_events row as the generator produces it, and its COPY text-format line.
import type { ActorType, Decision, RiskClass } from "../types";

export const SOURCE = "demo";

export interface EventRow {
  t: number;
  received: number;
  eventId: string;
  identityId: string;
  identityRef: string;
  actorType: ActorType;
  credentialRef: string | null;
  action: string;
  resource: string | null;
  scope: string | null;
  decision: Decision;
  authResult: "success" | "failure" | null;
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
  /** JSON text. */
  context: string | null;
  ownerId: string | null;
  environment: string;
  granted: boolean | null;
  riskClass: RiskClass | null;
}

/** Column order of copyLine(); `id` comes from the table's sequence. */
export const COPY_COLUMNS = [
  "source", "event_id", "occurred_at", "received_at", "identity_id", "identity_ref", "actor_type", "credential_ref",
  "action", "resource", "scope", "decision", "auth_result", "reason", "policy_id", "source_ip", "user_agent", "origin",
  "method", "path", "status", "session_id", "trace_id", "parent_event_id", "context", "owner_id", "environment",
  "granted", "risk_class",
] as const;

const SPECIAL = /[\\\t\n\r]/;

/** Tests a value that goes into COPY verbatim: generator-built strings must not need escaping. */
export function assertCopySafe(v: string | null): void {
  if (v !== null && SPECIAL.test(v)) throw new Error(`value needs COPY escaping: ${JSON.stringify(v)}`);
}

/** COPY text format: backslash, tab and newlines escaped; NULL is \N. Used for free text (JSON). */
function t(v: string | null): string {
  if (v === null) return "\\N";
  if (!SPECIAL.test(v)) return v;
  return v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** Catalog-built values (checked once by assertCopySafe) go in as they are. */
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

export function copyLine(e: EventRow): string {
  return (
    `${SOURCE}\t${e.eventId}\t${occurredIso.format(e.t)}\t${receivedIso.format(e.received)}\t` +
    `${e.identityId}\t${n(e.identityRef)}\t${e.actorType}\t${n(e.credentialRef)}\t${n(e.action)}\t${n(e.resource)}\t` +
    `${n(e.scope)}\t${e.decision}\t${n(e.authResult)}\t${t(e.reason)}\t${n(e.policyId)}\t${n(e.sourceIp)}\t` +
    `${n(e.userAgent)}\t${n(e.origin)}\t${n(e.method)}\t${n(e.path)}\t${e.status === null ? "\\N" : e.status}\t` +
    `${n(e.sessionId)}\t${n(e.traceId)}\t${n(e.parentEventId)}\t${t(e.context)}\t${n(e.ownerId)}\t` +
    `${e.environment}\t${e.granted === null ? "\\N" : e.granted ? "t" : "f"}\t${n(e.riskClass)}\n`
  );
}
