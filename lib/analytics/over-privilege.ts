// Over-privilege: live grants against the scopes each identity exercised in a window, from
// grants + scopes + the daily rollups only (never raw events; days before today pre-summed, see
// usage-windows.ts), in one SQL statement: the cells,
// each identity's score parts, the estate's least-privilege figure, the top N rows in the chosen
// order and those rows' cells. Scoring rules live in over-privilege-score.ts.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { sql, type Sql } from "../db/sql";
import type { ActorType, IdentityKind, IdentityStatus, RiskClass } from "../db/generated/enums";
import { escapeLike } from "../inventory/filters";
import { isoDay, utcDay, windowStart } from "./day-split";
import { OP_WINDOWS, OpRows, OpSearch, OpSort, OpWindow } from "./over-privilege-params";
import { ensureUsageWindow } from "./usage-windows";
import { RISK_ORDER, RISK_WEIGHTS, scoreFrom, type HeatCell } from "./over-privilege-score";

const HOUR_MS = 3_600_000;

/**
 * Scope columns drawn at most. An imported role with AdministratorAccess holds every IAM action
 * (~22,000 grants): its row alone would be 22,000 columns. Past the cap, the columns kept are the
 * scopes used (or used without grant) by a shown row, then the riskiest, then those most rows hold;
 * the rows' figures still count every grant.
 */
export const MAX_HEAT_COLUMNS = 400;

export type HeatRow = {
  id: string;
  name: string;
  externalId: string;
  kind: IdentityKind;
  actorType: ActorType;
  status: IdentityStatus;
  team: string | null;
  granted: number;
  unused: number;
  grantedWeight: number;
  unusedWeight: number;
  /** Scopes used (denied or allowed) without a live grant. */
  ungranted: number;
  score: number | null;
  cells: HeatCell[];
};

export type HeatColumn = { scope: string; risk: RiskClass | null };

export type EstateFigures = {
  /** Identities holding at least one live grant. */
  withGrants: number;
  /** …of which every granted scope was used in the window. */
  compliant: number;
  leastPrivilege: number | null;
  grants: number;
  unusedGrants: number;
  /** Unused grants of weight 4 or more (secret read, cross-tenant, permission change, admin). */
  unusedHighRisk: number;
};

export type OverPrivilegeReport = {
  windowDays: number;
  from: string;
  to: string;
  estate: EstateFigures;
  /** Identities (with grants or ungranted use) matching the search, before the row limit. */
  matched: number;
  rows: HeatRow[];
  columns: HeatColumn[];
  /** Scopes the shown rows hold or used that are not drawn (see MAX_HEAT_COLUMNS). */
  hiddenColumns: number;
};

type Row = {
  with_grants: number;
  compliant: number;
  grants: number;
  unused_grants: number;
  unused_high_risk: number;
  matched: number | null;
  columns_total: number | null;
  id: string | null;
  name: string;
  external_id: string;
  kind: IdentityKind;
  actor_type: ActorType;
  status: IdentityStatus;
  team: string | null;
  granted: number;
  unused: number;
  granted_weight: number;
  unused_weight: number;
  ungranted: number;
  cells: [string, RiskClass | null, number | null, number, number, number][];
};

export const OverPrivilegeInput = z.object({
  window: OpWindow,
  sort: OpSort,
  n: OpRows,
  q: OpSearch.optional(),
  now: z.date().default(() => new Date()),
});
export type OverPrivilegeInput = z.input<typeof OverPrivilegeInput>;

export const overPrivilegeReport = defineQuery({
  permission: "events:read",
  input: OverPrivilegeInput,
  async run(db, { window, sort, n, q, now }): Promise<OverPrivilegeReport> {
    const days = OP_WINDOWS[window];
    // Whole UTC days (today and the days-1 before it) read from the daily rollups: ~24x fewer rows
    // than hourly ones. The window ends with the current hour.
    const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
    const today = utcDay(now);
    const from = windowStart(today, days);
    const pattern = q ? `%${escapeLike(q)}%` : null;
    await ensureUsageWindow(db, days, today);
    // ~4,000 cells travel as JSON, parsed once by node-postgres rather than value by value.
    const rows = await db.rows<Row>(overPrivilegeSql({ now, days, from: isoDay(from), today: isoDay(today), pattern, sort, limit: n }));

    const first = rows[0];
    const estate: EstateFigures = {
      withGrants: first.with_grants,
      compliant: first.compliant,
      leastPrivilege: first.with_grants ? first.compliant / first.with_grants : null,
      grants: first.grants,
      unusedGrants: first.unused_grants,
      unusedHighRisk: first.unused_high_risk,
    };
    const heatRows: HeatRow[] = rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        id: r.id!,
        name: r.name,
        externalId: r.external_id,
        kind: r.kind,
        actorType: r.actor_type,
        status: r.status,
        team: r.team,
        granted: r.granted,
        unused: r.unused,
        grantedWeight: r.granted_weight,
        unusedWeight: r.unused_weight,
        ungranted: r.ungranted,
        score: scoreFrom({ grantedWeight: r.granted_weight, unusedWeight: r.unused_weight }),
        cells: r.cells.map(([scope, risk, grantedAtMs, uses, denied, ungrantedUses]) => ({ scope, risk, grantedAtMs, uses, denied, ungrantedUses })),
      }));
    return {
      windowDays: days,
      from: from.toISOString(),
      to: to.toISOString(),
      estate,
      matched: first.matched ?? 0,
      rows: heatRows,
      columns: columnsOf(heatRows),
      hiddenColumns: Math.max(0, (first.columns_total ?? 0) - MAX_HEAT_COLUMNS),
    };
  },
});

/** The scopes any shown row holds or used, grouped by risk class (most dangerous first). */
export function columnsOf(rows: readonly HeatRow[]): HeatColumn[] {
  const seen = new Map<string, RiskClass | null>();
  for (const r of rows) for (const c of r.cells) seen.set(c.scope, c.risk);
  const rank = (risk: RiskClass | null) => (risk === null ? RISK_ORDER.length : RISK_ORDER.indexOf(risk));
  return [...seen]
    .map(([scope, risk]) => ({ scope, risk }))
    .sort((a, b) => rank(a.risk) - rank(b.risk) || (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
}

type SqlArgs = { now: Date; days: number; from: string; today: string; pattern: string | null; sort: OpSort; limit: number };

function overPrivilegeSql(a: SqlArgs): Sql {
  const weights = JSON.stringify(RISK_WEIGHTS);
  return sql`
    WITH w AS (
      SELECT key::risk_class AS risk_class, value::int AS weight FROM json_each_text(${weights}::json)
    ),
    live AS (
      SELECT g.identity_id, s.name AS scope, min(g.granted_at) AS granted_at
        FROM grants g JOIN scopes s ON s.id = g.scope_id
       WHERE g.revoked_at IS NULL AND g.granted_at <= ${a.now}::timestamptz
         AND (g.expires_at IS NULL OR g.expires_at > ${a.now}::timestamptz)
       GROUP BY 1, 2
    ),
    cached AS (
      SELECT EXISTS (SELECT 1 FROM usage_window_state WHERE window_days = ${a.days} AND as_of = ${a.today}::date AND fresh) AS hit
    ),
    used AS (
      SELECT identity_id, scope, sum(uses)::bigint AS uses, sum(denied)::bigint AS denied, sum(ungranted_uses)::bigint AS ungranted_uses
        FROM (
          -- Days before today: the pre-summed set while it is fresh for today (in this statement's
          -- snapshot), else the daily rollups themselves. Today and later: always the rollups.
          SELECT identity_id, scope, uses, denied, ungranted_uses FROM usage_window_sums
           WHERE window_days = ${a.days} AND (SELECT hit FROM cached)
          UNION ALL
          SELECT identity_id, scope, events - denials, denials, ungranted_uses FROM event_rollups_daily_live
           WHERE day >= ${a.from}::date AND day < ${a.today}::date AND scope <> '' AND NOT (SELECT hit FROM cached)
          UNION ALL
          SELECT identity_id, scope, events - denials, denials, ungranted_uses FROM event_rollups_daily_live
           WHERE day >= ${a.today}::date AND scope <> ''
        ) u
       GROUP BY 1, 2
    ),
    cells AS MATERIALIZED (
      SELECT coalesce(l.identity_id, u.identity_id) AS identity_id, coalesce(l.scope, u.scope) AS scope,
             s.risk_class, l.granted_at, coalesce(u.uses, 0) AS uses, coalesce(u.denied, 0) AS denied,
             coalesce(u.ungranted_uses, 0) AS ungranted_uses
        FROM live l
        FULL JOIN used u ON u.identity_id = l.identity_id AND u.scope = l.scope
        LEFT JOIN scopes s ON s.name = coalesce(l.scope, u.scope)
    ),
    per AS (
      SELECT c.identity_id,
             count(*) FILTER (WHERE c.granted_at IS NOT NULL)::int AS granted,
             count(*) FILTER (WHERE c.granted_at IS NOT NULL AND c.uses = 0)::int AS unused,
             coalesce(sum(coalesce(w.weight, 1)) FILTER (WHERE c.granted_at IS NOT NULL), 0)::int AS granted_weight,
             coalesce(sum(coalesce(w.weight, 1)) FILTER (WHERE c.granted_at IS NOT NULL AND c.uses = 0), 0)::int AS unused_weight,
             count(*) FILTER (WHERE c.granted_at IS NOT NULL AND c.uses = 0 AND w.weight >= 4)::int AS unused_high_risk,
             count(*) FILTER (WHERE c.granted_at IS NULL AND (c.denied > 0 OR c.ungranted_uses > 0))::int AS ungranted
        FROM cells c LEFT JOIN w ON w.risk_class = c.risk_class
       GROUP BY 1
    ),
    estate AS (
      SELECT count(*) FILTER (WHERE granted > 0)::int AS with_grants,
             count(*) FILTER (WHERE granted > 0 AND unused = 0)::int AS compliant,
             coalesce(sum(granted), 0)::int AS grants,
             coalesce(sum(unused), 0)::int AS unused_grants,
             coalesce(sum(unused_high_risk), 0)::int AS unused_high_risk
        FROM per
    ),
    top AS (
      SELECT p.*, i.name, i.external_id, i.kind::text AS kind, i.actor_type::text AS actor_type, i.status::text AS status, o.team,
             count(*) OVER ()::int AS matched,
             row_number() OVER (ORDER BY
               CASE WHEN ${a.sort} = 'name' THEN lower(i.name) END ASC,
               CASE WHEN ${a.sort} = 'unused' THEN p.unused END DESC,
               CASE WHEN ${a.sort} = 'ungranted' THEN p.ungranted END DESC,
               p.unused_weight::float8 / nullif(p.granted_weight, 0) DESC NULLS LAST,
               p.unused_weight DESC, p.ungranted DESC, lower(i.name), i.id) AS ord
        FROM per p
        JOIN identities i ON i.id = p.identity_id
        LEFT JOIN owners o ON o.id = i.owner_id
       WHERE ${a.pattern}::text IS NULL OR i.name ILIKE ${a.pattern} OR i.external_id ILIKE ${a.pattern}
    ),
    shown AS (SELECT * FROM top WHERE ord <= ${a.limit}),
    shown_all AS MATERIALIZED (SELECT c.* FROM cells c JOIN shown USING (identity_id)),
    col_rank AS (
      SELECT scope, row_number() OVER (ORDER BY bool_or(uses > 0 OR denied > 0 OR ungranted_uses > 0) DESC,
               array_position(${[...RISK_ORDER]}::text[], max(risk_class::text)) NULLS LAST, count(*) DESC, scope) AS r
        FROM shown_all GROUP BY scope
    ),
    shown_cells AS (
      SELECT c.identity_id,
             -- Unordered: the grid places cells by scope, and a sort per row cost ~20 ms at 500 rows.
             json_agg(json_build_array(c.scope, c.risk_class, (extract(epoch FROM c.granted_at) * 1000)::int8, c.uses, c.denied, c.ungranted_uses)) AS cells
        FROM shown_all c JOIN col_rank k ON k.scope = c.scope AND k.r <= ${MAX_HEAT_COLUMNS}
       GROUP BY 1
    )
    SELECT e.*, t.matched, (SELECT count(*) FROM col_rank)::int AS columns_total, t.identity_id AS id, t.name, t.external_id, t.kind,
           t.actor_type, t.status, t.team, t.granted, t.unused, t.granted_weight, t.unused_weight, t.ungranted, coalesce(sc.cells, '[]') AS cells
      FROM estate e
      LEFT JOIN (shown t LEFT JOIN shown_cells sc USING (identity_id)) ON true
     ORDER BY t.ord`;
}
