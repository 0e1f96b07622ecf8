// The queue's headline figures: active findings by severity and by detector, and the trend of
// findings opened and resolved per day over the last 30 days (from Warden's audit log, where every
// opening, reopening and resolution is a row).
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";

export type FindingSummary = {
  bySeverity: Record<"critical" | "high" | "medium" | "low", number>;
  byDetector: { detector: string; active: number; high: number }[];
  trend: { day: string; opened: number; resolved: number; active: number }[];
  suppressed: number;
  total: number;
};

export const findingSummary = defineQuery({
  permission: "findings:read",
  input: z.object({ now: z.date().default(() => new Date()), days: z.number().int().min(7).max(90).default(30) }),
  async run(db, { now, days }): Promise<FindingSummary> {
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * 86_400_000);
    const [sev, det, trend, other] = await Promise.all([
      db.rows<{ severity: string; n: number }>(sql`
        SELECT severity::text AS severity, count(*)::int AS n FROM findings WHERE status IN ('open', 'acknowledged') GROUP BY 1`),
      db.rows<{ detector: string; active: number; high: number }>(sql`
        SELECT detector, count(*)::int AS active, (count(*) FILTER (WHERE severity IN ('high', 'critical')))::int AS high
          FROM findings WHERE status IN ('open', 'acknowledged') GROUP BY 1 ORDER BY high DESC, active DESC, detector`),
      db.rows<{ day: Date; opened: number; resolved: number }>(sql`
        WITH a AS (
          SELECT date_trunc('day', at AT TIME ZONE 'UTC') AS day,
                 count(*) FILTER (WHERE action IN ('finding.raise', 'finding.reopen'))::int AS opened,
                 count(*) FILTER (WHERE action IN ('finding.resolve', 'finding.auto_resolve'))::int AS resolved
            FROM warden_audit_log
           WHERE action IN ('finding.raise', 'finding.reopen', 'finding.resolve', 'finding.auto_resolve') AND at >= ${from}::timestamptz
           GROUP BY 1
        )
        SELECT d::date AS day, coalesce(a.opened, 0) AS opened, coalesce(a.resolved, 0) AS resolved
          FROM generate_series(${from}::timestamp, ${now}::timestamp, interval '1 day') d LEFT JOIN a ON a.day = d
         ORDER BY 1`),
      db.one<{ suppressed: number; total: number; active: number }>(sql`
        SELECT (count(*) FILTER (WHERE status = 'suppressed'))::int AS suppressed, count(*)::int AS total,
               (count(*) FILTER (WHERE status IN ('open', 'acknowledged')))::int AS active FROM findings`),
    ]);
    const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const r of sev) bySeverity[r.severity as keyof typeof bySeverity] = r.n;
    // Active at the end of each day, walked back from today's figure.
    let active = other?.active ?? 0;
    const points = trend.map((t) => ({ day: t.day.toISOString().slice(0, 10), opened: t.opened, resolved: t.resolved, active: 0 }));
    for (let i = points.length - 1; i >= 0; i--) {
      points[i].active = Math.max(0, active);
      active -= points[i].opened - points[i].resolved;
    }
    return { bySeverity, byDetector: det, trend: points, suppressed: other?.suppressed ?? 0, total: other?.total ?? 0 };
  },
});
