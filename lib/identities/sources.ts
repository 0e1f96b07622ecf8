// Where an identity acts from: the source IPs and user agents in its raw events over a bounded
// look-back, each with first / last seen and a count, and "new" when first seen in the last
// NEW_DAYS days. One scan of this identity's events through (identity_id, occurred_at) feeds
// both lists (GROUPING SETS), and partition pruning keeps it inside the look-back.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";

export const SOURCES_LOOKBACK_DAYS = 30;
export const NEW_SOURCE_DAYS = 7;
const DAY = 86_400_000;

export type SourceSeen = { value: string; firstSeenAt: string; lastSeenAt: string; count: number; isNew: boolean };
export type IdentitySources = {
  since: string;
  newSince: string;
  ips: SourceSeen[];
  userAgents: SourceSeen[];
  /** Distinct values beyond the ones listed. */
  moreIps: number;
  moreUserAgents: number;
};

type Raw = { kind: "ip" | "ua"; value: string; first_at: Date; last_at: Date; n: number; distinct_total: number };

export const identitySources = defineQuery({
  permission: "events:read",
  input: z.object({
    identityId: z.guid(),
    now: z.date().default(() => new Date()),
    lookbackDays: z.number().int().min(1).max(366).default(SOURCES_LOOKBACK_DAYS),
    newDays: z.number().int().min(1).max(366).default(NEW_SOURCE_DAYS),
    limit: z.number().int().min(1).max(1000).default(25),
  }),
  async run(db, { identityId, now, lookbackDays, newDays, limit }): Promise<IdentitySources> {
    const since = new Date(now.getTime() - lookbackDays * DAY);
    const newSince = new Date(now.getTime() - newDays * DAY);
    const rows = await db.rows<Raw>(sql`
      WITH seen AS (
        SELECT CASE WHEN GROUPING(source_ip) = 0 THEN 'ip' ELSE 'ua' END AS kind,
               CASE WHEN GROUPING(source_ip) = 0 THEN source_ip ELSE user_agent END AS value,
               min(occurred_at) AS first_at, max(occurred_at) AS last_at, count(*) AS n
        FROM audit_events
        WHERE identity_id = ${identityId}::uuid
          AND occurred_at >= ${since}::timestamptz AND occurred_at <= ${now}::timestamptz
        GROUP BY GROUPING SETS ((source_ip), (user_agent))
      ),
      ranked AS (
        SELECT seen.*, row_number() OVER (PARTITION BY kind ORDER BY (first_at >= ${newSince}::timestamptz) DESC, last_at DESC, value) AS rn,
               count(*) OVER (PARTITION BY kind) AS distinct_total
        FROM seen WHERE value IS NOT NULL
      )
      SELECT kind, value, first_at, last_at, n, distinct_total FROM ranked WHERE rn <= ${limit}
      ORDER BY kind, rn`);
    const pick = (kind: Raw["kind"]) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => ({
          value: r.value,
          firstSeenAt: r.first_at.toISOString(),
          lastSeenAt: r.last_at.toISOString(),
          count: r.n,
          isNew: r.first_at >= newSince,
        }));
    const total = (kind: Raw["kind"]) => rows.find((r) => r.kind === kind)?.distinct_total ?? 0;
    const ips = pick("ip");
    const userAgents = pick("ua");
    return {
      since: since.toISOString(),
      newSince: newSince.toISOString(),
      ips,
      userAgents,
      moreIps: Math.max(0, total("ip") - ips.length),
      moreUserAgents: Math.max(0, total("ua") - userAgents.length),
    };
  },
});
