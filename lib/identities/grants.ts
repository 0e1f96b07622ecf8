// Grants with usage for one identity, from the hourly rollups (never raw events): for each live
// grant its uses in the window and when it was last used; and the scopes the identity used
// without holding a grant at that moment (granted = false at ingest).
import { z } from "zod";
import { defineQuery } from "../core/verb";
import type { RiskClass } from "../db/generated/enums";
import { sql } from "../db/sql";
import { DEFAULT_USAGE_WINDOW } from "./params";

/** Riskiest first: the order an over-privilege review reads grants in. */
export const RISK_ORDER: readonly RiskClass[] = [
  "permission_change", "admin", "cross_tenant", "secret_read", "export", "write", "read",
];

const DAY = 86_400_000;

/**
 * The window is whole rollup hours: from the start of the hour N days before the current hour
 * up to now. An independent count over raw events uses the same bounds.
 */
export function usageWindowStart(now: Date, days: number): Date {
  const hour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  return new Date(hour - days * DAY);
}

export type GrantUsage = {
  grantId: string;
  scope: string;
  riskClass: RiskClass;
  description: string | null;
  grantedAt: string;
  grantedBy: string;
  justification: string | null;
  expiresAt: string | null;
  /** Attempts under the grant in the window (any decision). */
  uses: number;
  /** Of those, refused or failed (a condition or the target said no). */
  failed: number;
  /** Last use under a grant on record (rollups are kept as long as events are). */
  lastUsedAt: string | null;
  /** Whole days since the last use (or since the grant, when never used). */
  idleDays: number;
};

export type UngrantedUse = {
  scope: string;
  riskClass: RiskClass | null;
  allowed: number;
  denied: number;
  errors: number;
  firstAt: string;
  lastAt: string;
};

/** One identity over a usage window ending now. */
const UsageInput = z.object({
  identityId: z.guid(),
  days: z.number().int().min(1).max(3660).default(DEFAULT_USAGE_WINDOW),
  now: z.date().default(() => new Date()),
});

type GrantRaw = {
  grant_id: string; scope: string; risk_class: RiskClass; description: string | null; granted_at: Date;
  granted_by: string; justification: string | null; expires_at: Date | null; uses: number; failed: number;
  last_used: Date | null;
};

export const grantsWithUsage = defineQuery({
  permission: "events:read",
  input: UsageInput,
  async run(db, { identityId, days, now }): Promise<GrantUsage[]> {
    const since = usageWindowStart(now, days);
    // Rollups are read through (identity_id, hour): only this identity's hours are touched.
    const rows = await db.rows<GrantRaw>(sql`
      WITH g AS (
        SELECT gr.id, s.name, s.risk_class, s.description, gr.granted_at, gr.granted_by, gr.justification, gr.expires_at
        FROM grants gr JOIN scopes s ON s.id = gr.scope_id
        WHERE gr.identity_id = ${identityId}::uuid AND gr.revoked_at IS NULL
      ),
      u AS (
        SELECT r.scope,
               coalesce(sum(r.count) FILTER (WHERE r.hour >= ${since}::timestamptz), 0)::bigint AS uses,
               coalesce(sum(r.count) FILTER (WHERE r.hour >= ${since}::timestamptz AND r.decision <> 'allow'), 0)::bigint AS failed,
               max(r.last_at) AS last_used
        FROM event_rollups_hourly_live r
        WHERE r.identity_id = ${identityId}::uuid AND r.granted AND r.hour <= ${now}::timestamptz
          AND r.scope IN (SELECT name FROM g)
        GROUP BY r.scope
      )
      SELECT g.id AS grant_id, g.name AS scope, g.risk_class::text AS risk_class, g.description, g.granted_at,
             g.granted_by, g.justification, g.expires_at, coalesce(u.uses, 0)::bigint AS uses,
             coalesce(u.failed, 0)::bigint AS failed, u.last_used
      FROM g LEFT JOIN u ON u.scope = g.name`);
    const out = rows.map((r): GrantUsage => ({
      grantId: r.grant_id,
      scope: r.scope,
      riskClass: r.risk_class,
      description: r.description,
      grantedAt: r.granted_at.toISOString(),
      grantedBy: r.granted_by,
      justification: r.justification,
      expiresAt: r.expires_at?.toISOString() ?? null,
      uses: r.uses,
      failed: r.failed,
      lastUsedAt: r.last_used?.toISOString() ?? null,
      idleDays: Math.max(0, Math.floor((now.getTime() - (r.last_used ?? r.granted_at).getTime()) / DAY)),
    }));
    // Unused grants first (the ones to question), riskiest first; then the used ones, busiest first.
    const rank = (c: RiskClass) => RISK_ORDER.indexOf(c);
    return out.sort(
      (a, b) =>
        Number(a.uses > 0) - Number(b.uses > 0) ||
        (a.uses === 0 ? rank(a.riskClass) - rank(b.riskClass) || b.idleDays - a.idleDays : b.uses - a.uses) ||
        a.scope.localeCompare(b.scope),
    );
  },
});

type UngrantedRaw = {
  scope: string; risk_class: RiskClass | null; allowed: number; denied: number; errors: number; first_at: Date; last_at: Date;
};

export const ungrantedUse = defineQuery({
  permission: "events:read",
  input: UsageInput.extend({ limit: z.number().int().min(1).max(1000).default(100) }),
  async run(db, { identityId, days, now, limit }): Promise<UngrantedUse[]> {
    const since = usageWindowStart(now, days);
    // scope '' is the rollup's bucket for events without a scope (authentication, token issuance).
    const rows = await db.rows<UngrantedRaw>(sql`
      SELECT r.scope, s.risk_class::text AS risk_class,
             coalesce(sum(r.count) FILTER (WHERE r.decision = 'allow'), 0)::bigint AS allowed,
             coalesce(sum(r.count) FILTER (WHERE r.decision = 'deny'), 0)::bigint AS denied,
             coalesce(sum(r.count) FILTER (WHERE r.decision = 'error'), 0)::bigint AS errors,
             min(r.first_at) AS first_at, max(r.last_at) AS last_at
      FROM event_rollups_hourly_live r LEFT JOIN scopes s ON s.name = r.scope
      WHERE r.identity_id = ${identityId}::uuid AND NOT r.granted AND r.scope <> ''
        AND r.hour >= ${since}::timestamptz AND r.hour <= ${now}::timestamptz
      GROUP BY r.scope, s.risk_class
      ORDER BY allowed DESC, max(r.last_at) DESC, r.scope
      LIMIT ${limit}`);
    return rows.map((r) => ({
      scope: r.scope,
      riskClass: r.risk_class,
      allowed: r.allowed,
      denied: r.denied,
      errors: r.errors,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
    }));
  },
});
