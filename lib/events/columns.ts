// The audit_events columns in one list, in table order: the database column and its type, the
// field the explorer, the trail and the exports call it, and how a value read from PostgreSQL
// becomes that field. Ingest's COPY column list, the SELECT list and row mapping (EventRow) and
// the events export's CSV header and NDJSON members are derived from it, so a column is added
// in one place. The CSV header of a column is its name here.
import type { Decision } from "../db/generated/enums";
import { join, raw, sql, type Sql } from "../db/sql";

/** Types of the columns ingest writes (its COPY staging table is created from them). */
type PgType = "text" | "timestamptz" | "uuid" | "int" | "jsonb" | "boolean" | "actor_type" | "decision" | "auth_result" | "risk_class";
const ENUM_TYPES: ReadonlySet<PgType> = new Set(["actor_type", "decision", "auth_result", "risk_class"]);

type Shown<F extends string, T> = {
  /** The audit_events column; for a value joined from the inventory, the name exports give it. */
  name: string;
  /** Set on the columns ingest writes (binary COPY, in this order); not on id (its sequence). */
  pg?: PgType;
  /** The EventRow field, which is also the NDJSON member. */
  field: F;
  /** Over `audit_events e` left-joined to `identities i` and `owners o`; default `e.<name>` (enums as text). */
  select?: Sql;
  /** node-postgres value → EventRow value. JSON-safe: rows cross the server → client boundary. */
  read: (value: unknown) => T;
  /** Exports lead with the row's key and times and end with the wide context JSON. */
  exportAt?: "start" | "end";
  /** The NDJSON value when it is not the EventRow value. */
  json?: (value: T) => unknown;
};
/** Written by ingest, never shown (the owner's team is, as it was when the event happened). */
type Hidden = { name: string; pg: PgType; field?: undefined };

const shown = <const F extends string, T>(c: Shown<F, T>) => c;
const hidden = (name: string, pg: PgType): Hidden => ({ name, pg });

const text = (v: unknown) => v as string;
const textOrNull = (v: unknown) => (v ?? null) as string | null;

/** A timestamptz as ISO 8601 text with microseconds (a JS Date would drop them; cursors need them). */
export const isoMicros = (expr: Sql): Sql => sql`to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const AUDIT_EVENT_COLUMNS = [
  // bigint as text: row ids are not bounded by 2^53.
  shown({ name: "id", field: "id", select: sql`e.id::text`, read: text, exportAt: "start" }),
  shown({ name: "source", pg: "text", field: "source", read: text }),
  shown({ name: "event_id", pg: "text", field: "eventId", read: text }),
  shown({ name: "occurred_at", pg: "timestamptz", field: "at", select: isoMicros(sql`e.occurred_at`), read: text, exportAt: "start" }),
  shown({ name: "received_at", pg: "timestamptz", field: "receivedAt", read: (v) => (v as Date).toISOString(), exportAt: "start" }),
  shown({ name: "identity_id", pg: "uuid", field: "identityId", read: text }),
  shown({ name: "identity_ref", pg: "text", field: "identityRef", read: text }),
  shown({ name: "identity_name", field: "identityName", select: sql`i.name`, read: textOrNull }),
  shown({ name: "identity_kind", field: "identityKind", select: sql`i.kind::text`, read: textOrNull }),
  shown({ name: "actor_type", pg: "actor_type", field: "actorType", read: text }),
  shown({ name: "credential_ref", pg: "text", field: "credentialRef", read: textOrNull }),
  shown({ name: "action", pg: "text", field: "action", read: text }),
  shown({ name: "resource", pg: "text", field: "resource", read: textOrNull }),
  shown({ name: "scope", pg: "text", field: "scope", read: textOrNull }),
  shown({ name: "decision", pg: "decision", field: "decision", read: (v) => v as Decision }),
  shown({ name: "auth_result", pg: "auth_result", field: "authResult", read: textOrNull }),
  shown({ name: "reason", pg: "text", field: "reason", read: textOrNull }),
  shown({ name: "policy_id", pg: "text", field: "policyId", read: textOrNull }),
  shown({ name: "source_ip", pg: "text", field: "sourceIp", read: textOrNull }),
  shown({ name: "user_agent", pg: "text", field: "userAgent", read: textOrNull }),
  shown({ name: "origin", pg: "text", field: "origin", read: textOrNull }),
  shown({ name: "method", pg: "text", field: "method", read: textOrNull }),
  shown({ name: "path", pg: "text", field: "path", read: textOrNull }),
  shown({ name: "status", pg: "int", field: "status", read: (v) => (v ?? null) as number | null }),
  shown({ name: "session_id", pg: "text", field: "sessionId", read: textOrNull }),
  shown({ name: "trace_id", pg: "text", field: "traceId", read: textOrNull }),
  shown({ name: "parent_event_id", pg: "text", field: "parentEventId", read: textOrNull }),
  // Text in the row (and so in CSV); JSON again in NDJSON.
  shown({
    name: "context", pg: "jsonb", field: "context", exportAt: "end",
    read: (v) => (v === null || v === undefined ? null : JSON.stringify(v)),
    json: (v) => (v === null ? null : JSON.parse(v)),
  }),
  hidden("owner_id", "uuid"),
  shown({ name: "owner_team", field: "ownerTeam", select: sql`o.team`, read: textOrNull }),
  shown({ name: "environment", pg: "text", field: "environment", read: textOrNull }),
  shown({ name: "granted", pg: "boolean", field: "granted", read: (v) => (v ?? null) as boolean | null }),
  shown({ name: "risk_class", pg: "risk_class", field: "riskClass", read: textOrNull }),
] as const;

export type EventColumnSpec = Extract<(typeof AUDIT_EVENT_COLUMNS)[number], { field: string }>;

/** One event as the explorer, the trail and the exports show it (see AUDIT_EVENT_COLUMNS). */
export type EventRow = { [C in EventColumnSpec as C["field"]]: ReturnType<C["read"]> };

/** The columns ingest writes, in table order, as [name, type] (lib/ingest/persist.ts). */
export const STORED_EVENT_COLUMNS: readonly (readonly [name: string, type: PgType])[] = AUDIT_EVENT_COLUMNS.flatMap((c) =>
  c.pg ? [[c.name, c.pg] as const] : [],
);

/** The shown columns, in table order. */
export const SHOWN_EVENT_COLUMNS: readonly EventColumnSpec[] = AUDIT_EVENT_COLUMNS.filter((c): c is EventColumnSpec => c.field !== undefined);

const selectOf = (c: EventColumnSpec): Sql => {
  if (c.select) return c.select;
  const column = raw(`e.${c.name}`);
  return c.pg && ENUM_TYPES.has(c.pg) ? sql`${column}::text` : column;
};

/** Every shown column, aliased by its EventRow field, for toEventRow. */
export const EVENT_SELECT: Sql = join(
  SHOWN_EVENT_COLUMNS.map((c) => sql`${selectOf(c)} AS ${raw(`"${c.field}"`)}`),
  ", ",
);

/** A row read with EVENT_SELECT as an EventRow. */
export function toEventRow(r: Record<string, unknown>): EventRow {
  const out: Record<string, unknown> = {};
  for (const c of SHOWN_EVENT_COLUMNS) out[c.field] = c.read(r[c.field]);
  return out as EventRow;
}
