// Live grants an identity has not used over the window (default 90 days), with the smaller grant
// that would cover what it did use. Coverage first: the window is cut to the days the provider's
// events reach back (at least minCoverageDays, else nothing is said), grants younger than the
// window are not counted, and an identity with no use at all is left to the dormant detector.
import { z } from "zod";
import { sql } from "../../db/sql";
import { isoDay } from "../../analytics/day-split";
import type { Candidate } from "../candidate";
import { coveredDays, describeCoverage, daysAgo, providerCoverage } from "../coverage";
import { defineScheduledDetector } from "../scheduled-detector";

const HIGH = new Set(["admin", "permission_change", "secret_read", "cross_tenant"]);

type Row = { identity_id: string; name: string; external_id: string; provider: string; grants: [string, string, string, boolean][] };

export const unusedGrants = defineScheduledDetector({
  id: "unused-grants",
  title: "Unused grants",
  kind: "scheduled",
  severity: "medium",
  meaning: "The identity holds grants it has not used over the window: standing access that only an attacker holding its credential would use.",
  action: "Revoke the unused grants (the suggested smaller grant keeps what it used), or add them to an access review for the owner to decide.",
  owasp: ["NHI5:2025"],
  soc2: ["CC6.3"],
  cron: "15 3 * * *",
  cadence: "daily at 03:15 UTC",
  resolvesStale: true,
  params: z.object({
    windowDays: z.number().int().min(7).max(365).default(90).describe("Window a grant must be unused over (days)"),
    minCoverageDays: z.number().int().min(1).max(365).default(30).describe("Fewest days of the provider's events needed to call a grant unused"),
    minUnused: z.number().int().min(1).max(100).default(3).describe("Unused grants an identity needs to be reported"),
    minUnusedShare: z.number().min(0).max(1).default(0.5).describe("Share of its grants that must be unused (0–1)"),
  }),
  async run(db, p, now) {
    const coverage = await providerCoverage(db);
    const longest = Math.max(0, ...[...coverage.values()].map((c) => coveredDays(c, now)));
    const window = Math.min(p.windowDays, longest);
    if (window < p.minCoverageDays) return [];
    const from = daysAgo(now, window);
    const rows = await db.rows<Row>(sql`
      WITH used AS (
        SELECT identity_id, scope FROM event_rollups_daily_live
         WHERE day >= ${isoDay(from)}::date AND scope <> '' AND events > denials GROUP BY 1, 2
      ),
      live AS (
        SELECT g.id, g.identity_id, s.name AS scope, s.risk_class::text AS risk, g.granted_at
          FROM grants g JOIN scopes s ON s.id = g.scope_id
         WHERE g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > ${now}::timestamptz)
      )
      SELECT i.id AS identity_id, i.name, i.external_id, i.provider,
             json_agg(json_build_array(l.id, l.scope, l.risk, u.scope IS NOT NULL) ORDER BY l.scope) AS grants
        FROM live l JOIN identities i ON i.id = l.identity_id AND i.status IN ('active', 'disabled')
        LEFT JOIN used u ON u.identity_id = l.identity_id AND u.scope = l.scope
       WHERE l.granted_at <= ${from}::timestamptz
       GROUP BY 1, 2, 3, 4
      HAVING bool_or(u.scope IS NOT NULL) AND count(*) FILTER (WHERE u.scope IS NULL) >= ${p.minUnused}`);
    const out: Candidate[] = [];
    for (const r of rows) {
      const cov = coverage.get(r.provider);
      const days = Math.min(window, coveredDays(cov, now));
      if (days < p.minCoverageDays) continue;
      if (r.grants.filter((g) => !g[3]).length / r.grants.length < p.minUnusedShare) continue;
      const unused = r.grants.filter((g) => !g[3]);
      const kept = r.grants.filter((g) => g[3]).map((g) => g[1]);
      const high = unused.filter((g) => HIGH.has(g[2]));
      out.push({
        detector: "unused-grants", severity: high.length ? "high" : unused.length > 2 ? "medium" : "low",
        identityId: r.identity_id, grantId: unused.length === 1 ? unused[0][0] : null, subject: "",
        title: `${r.name}: ${unused.length} of ${r.grants.length} grants unused for ${days} days`,
        working: {
          rule: "Live grants, held for the whole window, with no allowed or errored use in it",
          inputs: { granted: r.grants.length, used: kept.length, unused: unused.map((g) => `${g[1]} (${g[2]})`), highRiskUnused: high.map((g) => g[1]) },
          threshold: `≥ ${p.minUnused} unused grant${p.minUnused === 1 ? "" : "s"} and ≥ ${Math.round(p.minUnusedShare * 100)} % of the identity's grants`,
          window: `${days} days (${isoDay(daysAgo(now, days))} to ${isoDay(now)})${days < p.windowDays ? `, cut from ${p.windowDays} to the events Warden holds` : ""}`,
          coverage: describeCoverage(r.provider, cov, now),
          evidence: { identity: r.external_id, range: "30d" },
          facts: { suggestedGrant: kept, remove: unused.map((g) => g[1]), unusedGrantIds: unused.map((g) => g[0]) },
        },
        occurrences: unused.length, firstAt: now, lastAt: now,
      });
    }
    return out;
  },
});
