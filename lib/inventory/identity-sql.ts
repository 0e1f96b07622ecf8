// SQL fragments shared by the list, the count and the CSV export, so that "the same filters"
// is true by construction. Values are always bound parameters; only whitelisted identifiers
// (sort columns, directions) are spliced in with raw.
import { empty, join, raw, sql, type Sql } from "../db/sql";
import { escapeLike, type IdentityFilters, type IdentitySortKey } from "./filters";
import { RISK_BAND_RANGE } from "./risk";

export function identityConditions(f: IdentityFilters): Sql[] {
  const c: Sql[] = [];
  if (f.q) {
    // Any part of the name or external id, case-insensitive; the expression matches
    // identities_search_trgm_idx (pg_trgm), so it stays an index scan on a large inventory.
    const pattern = `%${escapeLike(f.q.toLowerCase())}%`;
    c.push(sql`(lower(i.name) || ' ' || lower(i.external_id)) LIKE ${pattern}`);
  }
  if (f.kind) c.push(sql`i.kind = ${f.kind}::identity_kind`);
  if (f.owner === "none") c.push(sql`i.owner_id IS NULL`);
  else if (f.owner) c.push(sql`i.owner_id = ${f.owner}::uuid`);
  if (f.environment) c.push(sql`i.environment = ${f.environment}`);
  if (f.status) c.push(sql`i.status = ${f.status}::identity_status`);
  if (f.actor) c.push(sql`i.actor_type = ${f.actor}::actor_type`);
  if (f.import) c.push(sql`(i.import_id = ${f.import}::uuid OR i.created_import_id = ${f.import}::uuid)`);
  if (f.risk) {
    const { min, below } = RISK_BAND_RANGE[f.risk];
    if (min !== null) c.push(sql`i.risk_score >= ${min}`);
    if (below !== null) c.push(sql`i.risk_score < ${below}`);
  }
  return c;
}

export function whereClause(conditions: Sql[]): Sql {
  return conditions.length ? sql`WHERE ${join(conditions, " AND ")}` : empty;
}

// Sorting by owner needs the owners join (alias o); every other key is a column of identities.
const SORT_COLUMNS: Record<IdentitySortKey, { cols: string[]; nullable: boolean }> = {
  name: { cols: ["lower(i.name)"], nullable: false },
  kind: { cols: ["i.kind"], nullable: false },
  owner: { cols: ["o.team", "o.person_name"], nullable: true },
  environment: { cols: ["i.environment"], nullable: false },
  status: { cols: ["i.status"], nullable: false },
  risk: { cols: ["i.risk_score"], nullable: false },
  lastSeen: { cols: ["i.last_seen_at"], nullable: true },
  createdAt: { cols: ["i.created_at"], nullable: false },
};

export const sortNeedsOwners = (sort: IdentitySortKey): boolean => sort === "owner";

/** ORDER BY with a unique tie-breaker so that pages never overlap or skip rows. */
export function orderBy(sort: IdentitySortKey, dir: "asc" | "desc"): Sql {
  const d = dir === "desc" ? "DESC" : "ASC";
  const { cols, nullable } = SORT_COLUMNS[sort];
  // Missing values (never seen, no owner) go last either way: they are not "oldest". Only
  // nullable columns say so, because NULLS LAST on DESC would stop a backward index scan.
  const keys = cols.map((col) => `${col} ${d}${nullable ? " NULLS LAST" : ""}`);
  return raw(`ORDER BY ${[...keys, "i.id ASC"].join(", ")}`);
}
