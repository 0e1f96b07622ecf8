// Registered identities with no activity for N days (default 60) while their provider keeps
// sending events: a dormant identity with live access is an attack surface nobody watches.
// Identities younger than the threshold and providers with no (or stale) events are never called
// dormant: silence there means "cannot see", not "unused".
import { z } from "zod";
import { sql } from "../../db/sql";
import type { Candidate } from "../candidate";
import { ageDays, describeCoverage, daysAgo, isLive, providerCoverage } from "../coverage";
import { defineScheduledDetector } from "../scheduled-detector";

type Row = {
  id: string; name: string; external_id: string; provider: string; environment: string; created_at: Date; last_seen_at: Date | null;
  grants: number; high_grants: number; active_credentials: number;
};

export const dormantIdentity = defineScheduledDetector({
  id: "dormant-identity",
  title: "Dormant identity",
  kind: "scheduled",
  severity: "medium",
  meaning: "A registered identity has not acted for a long time but keeps its grants and credentials: if its credential leaks, nobody would notice its use.",
  action: "Confirm with the owner that it is no longer needed, then revoke its credentials and grants and disable it (or add it to an access review).",
  owasp: ["NHI1:2025", "NHI7:2025"],
  soc2: ["CC6.2", "CC6.3"],
  cron: "0 4 * * *",
  cadence: "daily at 04:00 UTC",
  resolvesStale: true,
  params: z.object({
    days: z.number().int().min(7).max(730).default(60).describe("Days without activity before an identity is dormant"),
  }),
  async run(db, p, now) {
    const coverage = await providerCoverage(db);
    const cutoff = daysAgo(now, p.days);
    const rows = await db.rows<Row>(sql`
      SELECT i.id, i.name, i.external_id, i.provider, i.environment, i.created_at, i.last_seen_at,
             (SELECT count(*) FROM grants g WHERE g.identity_id = i.id AND g.revoked_at IS NULL)::int AS grants,
             (SELECT count(*) FROM grants g JOIN scopes s ON s.id = g.scope_id
               WHERE g.identity_id = i.id AND g.revoked_at IS NULL AND s.risk_class IN ('admin', 'permission_change', 'secret_read', 'cross_tenant'))::int AS high_grants,
             (SELECT count(*) FROM credentials c WHERE c.identity_id = i.id AND c.status = 'active')::int AS active_credentials
        FROM identities i
       WHERE i.status = 'active' AND i.actor_type = 'nhi' AND i.created_at < ${cutoff}::timestamptz
         AND (i.last_seen_at IS NULL OR i.last_seen_at < ${cutoff}::timestamptz)`);
    const out: Candidate[] = [];
    for (const r of rows) {
      const cov = coverage.get(r.provider);
      if (!isLive(cov, now)) continue; // the provider is silent: no verdict
      const silent = r.last_seen_at ? `${ageDays(r.last_seen_at, now)} days` : "ever";
      out.push({
        detector: "dormant-identity",
        severity: r.high_grants > 0 && r.active_credentials > 0 ? "high" : r.grants > 0 || r.active_credentials > 0 ? "medium" : "low",
        identityId: r.id, subject: "",
        title: `${r.name} has not acted for ${silent}${r.high_grants ? ` but holds ${r.high_grants} high-risk grant${r.high_grants === 1 ? "" : "s"}` : ""}`,
        working: {
          rule: `No activity for ${p.days} days by a registered non-human identity older than that, while its provider sends events`,
          inputs: { lastSeen: r.last_seen_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(), liveGrants: r.grants, highRiskGrants: r.high_grants, activeCredentials: r.active_credentials, environment: r.environment },
          threshold: `${p.days} days`,
          window: `since ${cutoff.toISOString().slice(0, 10)}`,
          coverage: `${describeCoverage(r.provider, cov, now)}; last seen comes from events and the inventory`,
          evidence: { identity: r.external_id, range: "30d" },
        },
        occurrences: 1, firstAt: now, lastAt: now,
      });
    }
    return out;
  },
});
