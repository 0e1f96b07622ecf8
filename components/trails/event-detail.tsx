// Every column of one audit event, plus its context JSON: what an analyst opens a step for.
// Plain markup (no hooks), so it renders in server and client trees alike.
import type { EventRow } from "@/lib/events/columns";
import styles from "./trails.module.css";

type Field = [label: string, value: string | number | boolean | null];

function fields(e: EventRow): Field[] {
  return [
    ["Occurred at (UTC)", e.at],
    ["Received at (UTC)", e.receivedAt],
    ["Source", e.source],
    ["Event ID", e.eventId],
    ["Identity reference", e.identityRef],
    ["Actor type", e.actorType === "human" ? "Human" : "NHI (non-human)"],
    ["Credential", e.credentialRef],
    ["Action", e.action],
    ["Resource", e.resource],
    ["Scope", e.scope],
    ["Scope granted at the time", e.granted === null ? null : e.granted ? "yes" : "no"],
    ["Risk class", e.riskClass],
    ["Decision", e.decision],
    ["Authentication result", e.authResult],
    ["Reason", e.reason],
    ["Policy", e.policyId],
    ["Source IP", e.sourceIp],
    ["User agent", e.userAgent],
    ["Origin", e.origin],
    ["HTTP method", e.method],
    ["HTTP path", e.path],
    ["HTTP status", e.status],
    ["Session ID", e.sessionId],
    ["Trace ID", e.traceId],
    ["Parent event", e.parentEventId],
    ["Owner team (at the time)", e.ownerTeam],
    ["Environment", e.environment],
    ["Warden row", e.id],
  ];
}

function prettyContext(context: string): string {
  try {
    return JSON.stringify(JSON.parse(context), null, 2);
  } catch {
    return context;
  }
}

export function EventDetail({ event }: { event: EventRow }) {
  return (
    <div className={styles.detail}>
      <dl className={styles.detailGrid}>
        {fields(event).map(([label, value]) => (
          <div key={label} className={styles.detailItem}>
            <dt>{label}</dt>
            <dd>{value === null || value === "" ? <span className="subtle">—</span> : String(value)}</dd>
          </div>
        ))}
      </dl>
      <div className={styles.context}>
        <p className={styles.contextLabel}>Context</p>
        {event.context ? (
          <pre className={styles.contextJson} tabIndex={0} aria-label="Context JSON">
            {prettyContext(event.context)}
          </pre>
        ) : (
          <p className="subtle">No context recorded for this event.</p>
        )}
      </div>
    </div>
  );
}
