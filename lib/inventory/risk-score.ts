// identities.risk_score (0–100): how much harm the identity could do with what it holds now.
// Driven by its most dangerous live grant (a single admin grant is already serious), widened by
// how many distinct high-risk scopes it holds, and scaled by environment:
//   base    = max class weight: read 10, write 25, export 45, secret_read 55, cross_tenant 55,
//             admin 70, permission_change 75
//   breadth = +3 per additional high-risk scope (export and above), at most +20
//   score   = min(100, round((base + breadth) × env)), env: prod 1.0, staging 0.8, otherwise 0.6
// So: a prod admin with permission-change rights scores 78 (high); eight admin-level prod
// scopes reach critical; a read-only dev key scores 6 (low).
import { sql, type Runner } from "../db/sql";

/** All identities, or only `identityIds`; the caller's transaction when it runs in one. */
export async function recomputeRiskScores(db: Runner, now: Date, identityIds?: string[]): Promise<void> {
  const ids = identityIds ?? null;
  await db.exec(sql`
    WITH live AS (
      SELECT g.identity_id, sc.risk_class,
             CASE sc.risk_class WHEN 'read' THEN 10 WHEN 'write' THEN 25 WHEN 'export' THEN 45
               WHEN 'secret_read' THEN 55 WHEN 'cross_tenant' THEN 55 WHEN 'admin' THEN 70 ELSE 75 END AS w
        FROM grants g JOIN scopes sc ON sc.id = g.scope_id
       WHERE g.revoked_at IS NULL AND g.granted_at <= ${now}::timestamptz
         AND (g.expires_at IS NULL OR g.expires_at > ${now}::timestamptz)
         AND (${ids}::uuid[] IS NULL OR g.identity_id = ANY(${ids}::uuid[]))),
    per AS (
      SELECT identity_id, max(w) AS base,
             least(20, 3 * greatest(0, count(*) FILTER (WHERE w >= 45) - 1)) AS breadth
        FROM live GROUP BY identity_id)
    UPDATE identities i
       SET risk_score = least(100, round(coalesce(per.base + per.breadth, 0) *
             CASE i.environment WHEN 'prod' THEN 1.0 WHEN 'staging' THEN 0.8 ELSE 0.6 END))::int
      FROM identities x LEFT JOIN per ON per.identity_id = x.id
     WHERE i.id = x.id AND (${ids}::uuid[] IS NULL OR x.id = ANY(${ids}::uuid[]))`);
}
