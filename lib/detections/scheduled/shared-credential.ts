// One credential presented by several workloads: distinct origins (cluster / namespace, CI,
// host) running different client software, from the new-source memory (credential_sources). A
// shared key cannot be rotated or revoked for one workload without breaking the others, and a
// leak from any of them exposes all.
import { z } from "zod";
import { sql } from "../../db/sql";
import type { Candidate } from "../candidate";
import { defineScheduledDetector } from "../scheduled-detector";

type Row = { credential_key: string; identity_id: string; name: string; external_id: string; origins: string[]; uas: string[]; since: Date; credential_id: string | null };

const product = (ua: string) => ua.trim().split(/[\s/;(]/)[0].toLowerCase();

export const sharedCredential = defineScheduledDetector({
  id: "shared-credential",
  title: "One credential used by several workloads",
  kind: "scheduled",
  severity: "high",
  meaning: "The same credential is presented from several workloads with different software. It cannot be rotated or scoped for one of them, and a leak from any of them exposes every workload's access.",
  action: "Give each workload its own identity (or at least its own credential) with only the scopes it uses, then revoke the shared one.",
  owasp: ["NHI9:2025"],
  soc2: ["CC6.1", "CC6.3"],
  cron: "40 * * * *",
  cadence: "hourly",
  resolvesStale: true,
  params: z.object({
    minWorkloads: z.number().int().min(2).max(100).default(3).describe("Distinct origins a credential must be seen from"),
    minClients: z.number().int().min(1).max(100).default(2).describe("Distinct client programs (user agent products) among them"),
  }),
  async run(db, p, now) {
    const rows = await db.rows<Row>(sql`
      SELECT s.credential_key, s.identity_id, i.name, i.external_id, c.id AS credential_id,
             array_agg(s.value ORDER BY s.first_seen_at) FILTER (WHERE s.kind = 'origin') AS origins,
             array_agg(s.value ORDER BY s.first_seen_at) FILTER (WHERE s.kind = 'ua') AS uas, min(s.first_seen_at) AS since
        FROM credential_sources s JOIN identities i ON i.id = s.identity_id AND i.actor_type = 'nhi'
        LEFT JOIN credentials c ON c.fingerprint = s.credential_key
       WHERE s.credential_key NOT LIKE 'ASIA%'
       GROUP BY 1, 2, 3, 4, 5
      HAVING count(*) FILTER (WHERE s.kind = 'origin') >= ${p.minWorkloads}`);
    const out: Candidate[] = [];
    for (const r of rows) {
      const clients = [...new Set((r.uas ?? []).map(product))];
      if (clients.length < p.minClients) continue;
      out.push({
        detector: "shared-credential", severity: "high", identityId: r.identity_id, credentialId: r.credential_id, subject: r.credential_key,
        title: `${r.name}: credential ${r.credential_key.slice(0, 24)} used by ${r.origins.length} workloads`,
        working: {
          rule: "A credential seen from several distinct origins running different client software",
          inputs: { credential: r.credential_key, origins: r.origins, clients, userAgents: r.uas },
          threshold: `≥ ${p.minWorkloads} origins and ≥ ${p.minClients} client programs`,
          window: `since ${r.since.toISOString().slice(0, 10)} (the credential's first event in Warden)`,
          coverage: "events that report an origin (cluster / namespace, CI runner, host)",
          evidence: { identity: r.external_id, range: "7d" },
        },
        occurrences: r.origins.length, firstAt: now, lastAt: now,
      });
    }
    return out;
  },
});
