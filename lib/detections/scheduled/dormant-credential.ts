// Active credentials unused for N days (default 60) on identities that are otherwise active: a
// second key nobody uses any more, still valid. Only where the provider's events show credential
// use at all (another credential of the provider was used recently); the identity's own dormancy
// is the dormant-identity detector's finding.
import { z } from "zod";
import { sql } from "../../db/sql";
import type { Candidate } from "../candidate";
import { ageDays, daysAgo } from "../coverage";
import { defineScheduledDetector } from "../scheduled-detector";

type Row = { id: string; identity_id: string; name: string; external_id: string; type: string; fingerprint: string; issued_at: Date; last_used_at: Date | null; provider: string; provider_last_use: Date | null };

export const dormantCredential = defineScheduledDetector({
  id: "dormant-credential",
  title: "Dormant credential",
  kind: "scheduled",
  severity: "medium",
  meaning: "A credential that is still valid has not been used for a long time: it is either forgotten or kept for a purpose nobody recorded, and a leaked copy would work.",
  action: "Revoke the unused credential; if something still needs it, record that purpose and rotate it.",
  owasp: ["NHI7:2025", "NHI1:2025"],
  soc2: ["CC6.2"],
  cron: "10 4 * * *",
  cadence: "daily at 04:10 UTC",
  resolvesStale: true,
  params: z.object({
    days: z.number().int().min(7).max(730).default(60).describe("Days without use before a credential is dormant"),
  }),
  async run(db, p, now) {
    const cutoff = daysAgo(now, p.days);
    const rows = await db.rows<Row>(sql`
      WITH provider_use AS (
        SELECT i.provider, max(c.last_used_at) AS last FROM credentials c JOIN identities i ON i.id = c.identity_id GROUP BY 1
      )
      SELECT c.id, c.identity_id, i.name, i.external_id, c.type::text AS type, c.fingerprint, c.issued_at, c.last_used_at, i.provider,
             pu.last AS provider_last_use
        FROM credentials c JOIN identities i ON i.id = c.identity_id
        JOIN provider_use pu ON pu.provider = i.provider
       WHERE c.status = 'active' AND i.status = 'active' AND c.issued_at < ${cutoff}::timestamptz
         AND (c.last_used_at IS NULL OR c.last_used_at < ${cutoff}::timestamptz)
         AND i.last_seen_at >= ${cutoff}::timestamptz
         AND pu.last >= ${daysAgo(now, 2)}::timestamptz`);
    return rows.map((r): Candidate => ({
      detector: "dormant-credential", severity: "medium", identityId: r.identity_id, credentialId: r.id, subject: r.fingerprint,
      title: `${r.name}: ${r.type.replace("_", " ")} ${r.fingerprint.slice(0, 24)} unused for ${r.last_used_at ? `${ageDays(r.last_used_at, now)} days` : "ever"}`,
      working: {
        rule: `An active credential unused for ${p.days} days on an identity that is itself active`,
        inputs: { credential: r.fingerprint, type: r.type, issuedAt: r.issued_at.toISOString(), lastUsed: r.last_used_at?.toISOString() ?? null },
        threshold: `${p.days} days`,
        coverage: `${r.provider} events carry credential ids (latest credential use ${r.provider_last_use?.toISOString().slice(0, 16)} UTC)`,
      },
      occurrences: 1, firstAt: now, lastAt: now,
    }));
  },
});
