// Identities without an accountable owner: registered ones whose owner left or was never set,
// and discovered ones (seen in events, never registered) — nobody reviews, rotates or retires them.
import { z } from "zod";
import { sql } from "../../db/sql";
import type { Candidate } from "../candidate";
import { ageDays, daysAgo } from "../coverage";
import { defineScheduledDetector } from "../scheduled-detector";

type Row = { id: string; name: string; external_id: string; environment: string; kind: string; created_at: Date; last_seen_at: Date | null; high: number; grants: number; attributes: Record<string, unknown> };

const SELECT = (status: "active" | "discovered", since: Date) => sql`
  SELECT i.id, i.name, i.external_id, i.environment, i.kind::text AS kind, i.created_at, i.last_seen_at, i.attributes,
         (SELECT count(*) FROM grants g WHERE g.identity_id = i.id AND g.revoked_at IS NULL)::int AS grants,
         (SELECT count(*) FROM grants g JOIN scopes s ON s.id = g.scope_id
           WHERE g.identity_id = i.id AND g.revoked_at IS NULL AND s.risk_class IN ('admin', 'permission_change', 'secret_read', 'cross_tenant'))::int AS high
    FROM identities i
   WHERE i.status = ${status}::identity_status AND i.actor_type = 'nhi' AND i.owner_id IS NULL
     AND (i.last_seen_at IS NULL OR i.last_seen_at >= ${since}::timestamptz)`;

export const ownerless = defineScheduledDetector({
  id: "ownerless",
  title: "Ownerless identity",
  kind: "scheduled",
  severity: "medium",
  meaning: "A registered non-human identity has no accountable owner: access reviews have nobody to ask, and nobody rotates, answers for or retires it.",
  action: "Assign an owner (team and accountable person) from the identity page, or decommission it if nobody claims it.",
  owasp: ["NHI1:2025"],
  soc2: ["CC6.2", "CC6.3"],
  cron: "30 4 * * *",
  cadence: "daily at 04:30 UTC",
  resolvesStale: true,
  params: z.object({
    activeWithinDays: z.number().int().min(1).max(3650).default(365).describe("Only identities active within this many days (or never seen)"),
  }),
  async run(db, p, now) {
    const rows = await db.rows<Row>(SELECT("active", daysAgo(now, p.activeWithinDays)));
    return rows.map((r): Candidate => ({
      detector: "ownerless", severity: r.environment === "prod" && (r.high > 0 || (r.last_seen_at && ageDays(r.last_seen_at, now) < 7)) ? "high" : "medium",
      identityId: r.id, subject: "",
      title: `${r.name} has no accountable owner${r.last_seen_at && ageDays(r.last_seen_at, now) < 7 ? " and is in active use" : ""}`,
      working: {
        rule: "Registered non-human identity with no owner",
        inputs: { environment: r.environment, kind: r.kind, lastSeen: r.last_seen_at?.toISOString() ?? null, liveGrants: r.grants, highRiskGrants: r.high, team: r.attributes.team ?? null },
        threshold: "no owner",
        coverage: "owners as recorded in the inventory",
        evidence: { identity: r.external_id, range: "7d" },
      },
      occurrences: 1, firstAt: now, lastAt: now,
    }));
  },
});

export const discoveredIdentity = defineScheduledDetector({
  id: "discovered-identity",
  title: "Discovered identity not registered",
  kind: "scheduled",
  severity: "medium",
  meaning: "Events came from an identity Warden's inventory does not know (a shadow NHI): no owner, no recorded purpose, no reviewed grants.",
  action: "Find who runs it, register it with an owner and purpose, and record its grants — or shut it down.",
  owasp: ["NHI1:2025", "NHI3:2025"],
  soc2: ["CC6.2", "CC7.2"],
  cron: "*/30 * * * *",
  cadence: "every 30 minutes",
  resolvesStale: true,
  params: z.object({
    activeWithinDays: z.number().int().min(1).max(3650).default(30).describe("Only identities seen within this many days"),
  }),
  async run(db, p, now) {
    const rows = await db.rows<Row>(SELECT("discovered", daysAgo(now, p.activeWithinDays)));
    return rows.map((r): Candidate => ({
      detector: "discovered-identity", severity: r.environment === "prod" ? "medium" : "low", identityId: r.id, subject: "",
      title: `Discovered identity ${r.name} is not registered`,
      working: {
        rule: "Identity created by ingest from events, not registered in the inventory",
        inputs: { firstSeen: r.created_at.toISOString(), lastSeen: r.last_seen_at?.toISOString() ?? null, discoveredBy: r.attributes.discoveredBy ?? null, kind: r.kind, environment: r.environment },
        threshold: "status discovered",
        coverage: "events Warden ingested",
        evidence: { identity: r.external_id, range: "30d" },
      },
      occurrences: 1, firstAt: now, lastAt: now,
    }));
  },
});
