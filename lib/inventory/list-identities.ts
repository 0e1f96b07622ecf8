// The identities table: one filtered, sorted page plus the total under the same filters.
// Two statements (page, count) run in parallel. The page is chosen on narrow (id, sort key)
// tuples first; owners and credential counts are joined for those rows only.
import { defineQuery } from "../core/verb";
import { empty, sql } from "../db/sql";
import type { ActorType, IdentityKind, IdentityStatus } from "../db/generated/enums";
import { ParsedIdentityFilters } from "./filters";
import { identityConditions, orderBy, sortNeedsOwners, whereClause } from "./identity-sql";
import { riskBand, type RiskBand } from "./risk";

export type IdentityOwner = { id: string; team: string; personName: string; personEmail: string };

/** What every view of an identity shows about it (list rows, the identity page). */
export type IdentityCore = {
  id: string;
  externalId: string;
  name: string;
  kind: IdentityKind;
  actorType: ActorType;
  provider: string;
  environment: string;
  status: IdentityStatus;
  riskScore: number;
  riskBand: RiskBand;
  owner: IdentityOwner | null;
};

export type IdentityListRow = IdentityCore & {
  credentials: { active: number; total: number };
  /** ISO 8601 UTC; strings so that rows cross the server→client boundary unchanged. */
  lastSeenAt: string | null;
  createdAt: string;
};

export type IdentityPage = {
  rows: IdentityListRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
};

type RawRow = {
  id: string;
  external_id: string;
  name: string;
  kind: IdentityKind;
  actor_type: ActorType;
  provider: string;
  environment: string;
  status: IdentityStatus;
  risk_score: number;
  last_seen_at: Date | null;
  created_at: Date;
  owner_id: string | null;
  team: string | null;
  person_name: string | null;
  person_email: string | null;
  credentials_total: number;
  credentials_active: number;
};

export const listIdentities = defineQuery({
  permission: "inventory:read",
  input: ParsedIdentityFilters,
  async run(db, filters): Promise<IdentityPage> {
    const where = whereClause(identityConditions(filters));
    const order = orderBy(filters.sort, filters.dir);
    const offset = (filters.page - 1) * filters.pageSize;
    const [rows, counted] = await Promise.all([
      db.rows<RawRow>(sql`
        WITH page AS (
          SELECT i.id FROM identities i
          ${sortNeedsOwners(filters.sort) ? sql`LEFT JOIN owners o ON o.id = i.owner_id` : empty}
          ${where} ${order} LIMIT ${filters.pageSize} OFFSET ${offset}
        )
        SELECT i.id, i.external_id, i.name, i.kind::text AS kind, i.actor_type::text AS actor_type,
               i.provider, i.environment, i.status::text AS status, i.risk_score, i.last_seen_at,
               i.created_at, o.id AS owner_id, o.team, o.person_name, o.person_email,
               cr.total AS credentials_total, cr.active AS credentials_active
        FROM page JOIN identities i ON i.id = page.id
        LEFT JOIN owners o ON o.id = i.owner_id
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS total, (count(*) FILTER (WHERE c.status = 'active'))::int AS active
          FROM credentials c WHERE c.identity_id = i.id
        ) cr
        ${order}`),
      db.one<{ total: number }>(sql`SELECT count(*)::int AS total FROM identities i ${where}`),
    ]);
    const total = counted?.total ?? 0;
    return {
      rows: rows.map(toListRow),
      total,
      page: filters.page,
      pageSize: filters.pageSize,
      pageCount: Math.max(1, Math.ceil(total / filters.pageSize)),
    };
  },
});

export function toListRow(r: RawRow): IdentityListRow {
  return {
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    kind: r.kind,
    actorType: r.actor_type,
    provider: r.provider,
    environment: r.environment,
    status: r.status,
    riskScore: r.risk_score,
    riskBand: riskBand(r.risk_score),
    owner:
      r.owner_id && r.team !== null
        ? { id: r.owner_id, team: r.team, personName: r.person_name ?? "", personEmail: r.person_email ?? "" }
        : null,
    credentials: { active: r.credentials_active, total: r.credentials_total },
    lastSeenAt: r.last_seen_at ? r.last_seen_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  };
}
