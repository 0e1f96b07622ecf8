// Long-lived credentials past their rotation age (the console's policy, 90 days by default) and
// credentials past their expiry that are still marked active (and worse: still used).
import { z } from "zod";
import { sql } from "../../db/sql";
import { ROTATION_MAX_AGE_DAYS } from "../../inventory/credential-policy";
import type { Candidate } from "../candidate";
import { ageDays, daysAgo } from "../coverage";
import { defineScheduledDetector } from "../scheduled-detector";

type Row = { id: string; identity_id: string; name: string; environment: string; type: string; fingerprint: string; since: Date; expires_at: Date | null; last_used_at: Date | null };

const LONG_LIVED = ["access_key", "api_key", "oauth_client_secret", "ssh_key", "password", "certificate"] as const;

export const rotationOverdue = defineScheduledDetector({
  id: "rotation-overdue",
  title: "Credential past its rotation age",
  kind: "scheduled",
  severity: "medium",
  meaning: "A long-lived secret has not been rotated within the rotation policy: the longer a secret lives, the more copies of it exist (logs, laptops, old CI variables).",
  action: "Rotate the credential (issue a new one, move the workload, revoke the old one) and automate the rotation if it keeps lapsing.",
  owasp: ["NHI7:2025"],
  soc2: ["CC6.1"],
  cron: "20 4 * * *",
  cadence: "daily at 04:20 UTC",
  resolvesStale: true,
  params: z.object({
    maxAgeDays: z.number().int().min(1).max(3650).default(ROTATION_MAX_AGE_DAYS).describe("Rotation age limit (days since issue or last rotation)"),
    types: z.array(z.enum(LONG_LIVED)).default([...LONG_LIVED]).describe("Credential types the policy applies to"),
  }),
  async run(db, p, now) {
    const rows = await db.rows<Row>(sql`
      SELECT c.id, c.identity_id, i.name, i.environment, c.type::text AS type, c.fingerprint, coalesce(c.last_rotated_at, c.issued_at) AS since,
             c.expires_at, c.last_used_at
        FROM credentials c JOIN identities i ON i.id = c.identity_id
       WHERE c.status = 'active' AND i.status <> 'revoked' AND c.type::text = ANY (${p.types}::text[])
         AND coalesce(c.last_rotated_at, c.issued_at) < ${daysAgo(now, p.maxAgeDays)}::timestamptz
         AND (c.expires_at IS NULL OR c.expires_at > ${now}::timestamptz)`);
    return rows.map((r): Candidate => {
      const age = ageDays(r.since, now);
      return {
        detector: "rotation-overdue", severity: age > 4 * p.maxAgeDays && r.environment === "prod" ? "high" : age > 2 * p.maxAgeDays ? "medium" : "low",
        identityId: r.identity_id, credentialId: r.id, subject: r.fingerprint,
        title: `${r.name}: ${r.type.replace("_", " ")} not rotated for ${age} days`,
        working: {
          rule: "Active long-lived credential whose last rotation (or issue) is older than the policy",
          inputs: { credential: r.fingerprint, type: r.type, lastRotatedOrIssued: r.since.toISOString(), ageDays: age, lastUsed: r.last_used_at?.toISOString() ?? null },
          threshold: `${p.maxAgeDays} days`,
          coverage: "issue and rotation dates as recorded in the inventory",
        },
        occurrences: 1, firstAt: now, lastAt: now,
      };
    });
  },
});

export const expiredActive = defineScheduledDetector({
  id: "expired-active",
  title: "Expired credential still active",
  kind: "scheduled",
  severity: "high",
  meaning: "A credential is past its expiry date but still marked active; if it is still accepted somewhere, the expiry control is not working.",
  action: "Revoke it at the provider and mark it revoked; if it was used after expiry, find which system still accepts it.",
  owasp: ["NHI7:2025", "NHI4:2025"],
  soc2: ["CC6.1", "CC6.2"],
  cron: "25 * * * *",
  cadence: "hourly",
  resolvesStale: true,
  params: z.object({}),
  async run(db, _p, now) {
    const rows = await db.rows<Row>(sql`
      SELECT c.id, c.identity_id, i.name, i.environment, c.type::text AS type, c.fingerprint, c.issued_at AS since, c.expires_at, c.last_used_at
        FROM credentials c JOIN identities i ON i.id = c.identity_id
       WHERE c.status = 'active' AND c.expires_at < ${now}::timestamptz`);
    return rows.map((r): Candidate => {
      const usedAfter = !!r.last_used_at && !!r.expires_at && r.last_used_at > r.expires_at;
      return {
        detector: "expired-active", severity: usedAfter ? "critical" : "high", identityId: r.identity_id, credentialId: r.id, subject: r.fingerprint,
        title: `${r.name}: ${r.type.replace("_", " ")} expired ${ageDays(r.expires_at!, now)} days ago${usedAfter ? " and was used after expiry" : ""}, still active`,
        working: {
          rule: "Credential status active while its expiry date has passed",
          inputs: { credential: r.fingerprint, expiresAt: r.expires_at!.toISOString(), lastUsed: r.last_used_at?.toISOString() ?? null, usedAfterExpiry: usedAfter },
          threshold: "expiry date passed",
          coverage: "expiry dates as recorded in the inventory; last use from events",
        },
        occurrences: 1, firstAt: now, lastAt: now,
      };
    });
  },
});
