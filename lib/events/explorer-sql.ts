// SQL shared by the explorer page and the CSV / NDJSON export, so that "the same filtered set" is
// true by construction. Values are always bound parameters; the only spliced SQL is fixed text.
// Every statement is bounded by a time window (partition pruning + BRIN / btree) and ordered by
// (occurred_at, id), the primary key of every partition.
import { empty, join, sql, type Runner, type Sql } from "../db/sql";
import { escapeLike } from "../inventory/filters";
import { EVENT_SELECT } from "./columns";
import { patternOf, type Cursor, type EventFilters, type TimeWindow } from "./filters";

/** Identities an `identity` filter names: id, exact external id, or name (case-insensitive). */
export type IdentityMatch = { id: string; name: string; externalId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_IDENTITY_MATCHES = 100;

/** The identities an `identity` filter names (callers are queries that checked `events:read`). */
export function resolveIdentityFilter(db: Runner, value: string): Promise<IdentityMatch[]> {
  // Each arm is an index lookup (pkey, external_id unique, lower(name) text_pattern_ops).
  const byId = UUID.test(value) ? sql`OR id = ${value}::uuid` : empty;
  return db.rows<IdentityMatch>(sql`
    SELECT id, name, external_id AS "externalId" FROM identities
    WHERE external_id = ${value} OR lower(name) = ${value.toLowerCase()} ${byId}
    ORDER BY name, id LIMIT ${MAX_IDENTITY_MATCHES}`);
}

function textCondition(column: Sql, value: string): Sql {
  const p = patternOf(value);
  return "exact" in p ? sql`${column} = ${p.exact}` : sql`${column} LIKE ${`${escapeLike(p.prefix)}%`}`;
}

/**
 * WHERE conditions over `audit_events e`. `identityIds` is the resolved identity filter (an
 * empty array means it matched nobody, and the caller answers without querying).
 */
export function eventConditions(f: EventFilters, w: TimeWindow, identityIds: string[] | null): Sql[] {
  const c: Sql[] = [sql`e.occurred_at >= ${w.from}::timestamptz`, sql`e.occurred_at < ${w.to}::timestamptz`];
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

const whereAll = (c: Sql[]): Sql => sql`WHERE ${join(c, " AND ")}`;

/** Rows in [from, to): one slice of a time-sliced scan. */
export const between = (from: Date, to: Date): Sql => sql`e.occurred_at >= ${from}::timestamptz AND e.occurred_at < ${to}::timestamptz`;

/** Rows strictly older than the cursor (newest-first paging). */
export const olderThan = (c: Cursor): Sql => sql`(e.occurred_at, e.id) < (${c.at}::timestamptz, ${c.id}::bigint)`;
/** Rows strictly newer than the cursor (paging back towards the newest). */
export const newerThan = (c: Cursor): Sql => sql`(e.occurred_at, e.id) > (${c.at}::timestamptz, ${c.id}::bigint)`;

/**
 * One keyset batch: the filtered, ordered, limited rows are chosen on audit_events alone (an
 * ordered index scan that stops at the limit), and only those rows are joined to the inventory.
 * Rows come back for toEventRow.
 */
export function eventBatchSql(conditions: Sql[], limit: number, direction: "older" | "newer" = "older"): Sql {
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
