// SQL fragments shared by the explorer page and the CSV / NDJSON export, so that "the same
// filtered set" is true by construction. Values are always bound parameters; the only spliced
// SQL is fixed text. Every statement is bounded by a time window (partition pruning + BRIN /
// btree) and ordered by (occurred_at, id), the primary key of every partition.
import { assertCan, type Actor } from "../auth/roles";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { escapeLike } from "../inventory/filters";
import { patternOf, type Cursor, type EventFilters, type TimeWindow } from "./trails-filters";

const { sql, join } = Prisma;

/** Identities an `identity` filter names: id, exact external id, or name (case-insensitive). */
export type IdentityMatch = { id: string; name: string; externalId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_IDENTITY_MATCHES = 100;

export async function resolveIdentityFilter(actor: Actor, value: string): Promise<IdentityMatch[]> {
  assertCan(actor, "events:read");
  // Each arm is an index lookup (pkey, external_id unique, lower(name) text_pattern_ops).
  const byId = UUID.test(value) ? sql`OR id = ${value}::uuid` : Prisma.empty;
  return db().$queryRaw<IdentityMatch[]>`
    SELECT id, name, external_id AS "externalId" FROM identities
    WHERE external_id = ${value} OR lower(name) = ${value.toLowerCase()} ${byId}
    ORDER BY name, id LIMIT ${MAX_IDENTITY_MATCHES}`;
}

function textCondition(column: Prisma.Sql, value: string): Prisma.Sql {
  const p = patternOf(value);
  return "exact" in p ? sql`${column} = ${p.exact}` : sql`${column} LIKE ${`${escapeLike(p.prefix)}%`}`;
}

/**
 * WHERE conditions over `audit_events e`. `identityIds` is the resolved identity filter (an
 * empty array means it matched nobody, and the caller answers without querying).
 */
export function eventConditions(f: EventFilters, w: TimeWindow, identityIds: string[] | null): Prisma.Sql[] {
  const c: Prisma.Sql[] = [sql`e.occurred_at >= ${w.from}::timestamptz`, sql`e.occurred_at < ${w.to}::timestamptz`];
  // One identity (the usual case) as a scalar: the planner then reads (identity_id, occurred_at)
  // backwards instead of filtering the time-ordered primary key (7 ms instead of 0.7 s at 10M).
  if (identityIds?.length === 1) c.push(sql`e.identity_id = ${identityIds[0]}::uuid`);
  else if (identityIds) c.push(sql`e.identity_id = ANY(${identityIds}::uuid[])`);
  // Owner as recorded on the event (enriched at ingest): an audit trail keeps who owned the
  // identity when it acted, even after a reassignment.
  if (f.owner === "none") c.push(sql`e.owner_id IS NULL`);
  else if (f.owner) c.push(sql`e.owner_id IN (SELECT o.id FROM owners o WHERE o.team = ${f.owner})`);
  if (f.kind) c.push(sql`e.identity_id IN (SELECT i.id FROM identities i WHERE i.kind = ${f.kind}::identity_kind)`);
  if (f.action) c.push(textCondition(sql`e.action`, f.action));
  if (f.resource) c.push(textCondition(sql`e.resource`, f.resource));
  if (f.scope) c.push(textCondition(sql`e.scope`, f.scope));
  if (f.ip) c.push(textCondition(sql`e.source_ip`, f.ip));
  if (f.decision) c.push(sql`e.decision = ${f.decision}::decision`);
  if (f.grant === "out") c.push(sql`e.granted = false`);
  if (f.session) c.push(sql`(e.session_id = ${f.session} OR e.trace_id = ${f.session})`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    c.push(sql`(e.action ILIKE ${like} OR e.resource ILIKE ${like} OR e.reason ILIKE ${like})`);
  }
  return c;
}

export const whereAll = (c: Prisma.Sql[]): Prisma.Sql => sql`WHERE ${join(c, " AND ")}`;

/** Rows in [from, to): one slice of a time-sliced scan. */
export const between = (from: Date, to: Date): Prisma.Sql =>
  sql`e.occurred_at >= ${from}::timestamptz AND e.occurred_at < ${to}::timestamptz`;

/** Rows strictly older than the cursor (newest-first paging). */
export const olderThan = (c: Cursor): Prisma.Sql => sql`(e.occurred_at, e.id) < (${c.at}::timestamptz, ${c.id}::bigint)`;
/** Rows strictly newer than the cursor (paging back towards the newest). */
export const newerThan = (c: Cursor): Prisma.Sql => sql`(e.occurred_at, e.id) > (${c.at}::timestamptz, ${c.id}::bigint)`;

/** occurred_at as text with microseconds: a cursor must not lose precision in a JS Date. */
export const AT_TEXT = sql`to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every column of an event plus the identity and owner it names, for the page and the exports. */
export const EVENT_SELECT = sql`
  e.id::text AS id, ${AT_TEXT} AS at, e.occurred_at, e.received_at, e.source, e.event_id,
  e.identity_id, e.identity_ref, i.name AS identity_name, i.external_id AS identity_external_id,
  i.kind::text AS identity_kind, e.actor_type::text AS actor_type, e.credential_ref, e.action,
  e.resource, e.scope, e.decision::text AS decision, e.auth_result::text AS auth_result, e.reason,
  e.policy_id, e.source_ip, e.user_agent, e.origin, e.method, e.path, e.status, e.session_id,
  e.trace_id, e.parent_event_id, e.context, e.owner_id, o.team AS owner_team, e.environment,
  e.granted, e.risk_class::text AS risk_class`;

export type EventRowRaw = {
  id: string;
  at: string;
  occurred_at: Date;
  received_at: Date;
  source: string;
  event_id: string;
  identity_id: string;
  identity_ref: string;
  identity_name: string | null;
  identity_external_id: string | null;
  identity_kind: string | null;
  actor_type: string;
  credential_ref: string | null;
  action: string;
  resource: string | null;
  scope: string | null;
  decision: "allow" | "deny" | "error";
  auth_result: string | null;
  reason: string | null;
  policy_id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  origin: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  session_id: string | null;
  trace_id: string | null;
  parent_event_id: string | null;
  context: unknown;
  owner_id: string | null;
  owner_team: string | null;
  environment: string | null;
  granted: boolean | null;
  risk_class: string | null;
};

/**
 * One keyset batch: the filtered, ordered, limited rows are chosen on audit_events alone (an
 * ordered index scan that stops at the limit), and only those rows are joined to the inventory.
 */
export function eventBatchSql(
  conditions: Prisma.Sql[],
  limit: number,
  direction: "older" | "newer" = "older",
): Prisma.Sql {
  const dir = direction === "older" ? sql`DESC` : sql`ASC`;
  return sql`
    WITH page AS (
      SELECT * FROM audit_events e ${whereAll(conditions)}
      ORDER BY e.occurred_at ${dir}, e.id ${dir} LIMIT ${limit}
    )
    SELECT ${EVENT_SELECT}
    FROM page e
    LEFT JOIN identities i ON i.id = e.identity_id
    LEFT JOIN owners o ON o.id = e.owner_id
    ORDER BY e.occurred_at ${dir}, e.id ${dir}`;
}
