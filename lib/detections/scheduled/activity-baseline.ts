// Each non-human identity's own activity profile from the per-identity hourly rollups: events per
// hour of the day (UTC) over a baseline before the detection window, the median of its active
// hours, and the detection window's hours. Only identities active in the window are read, through
// the (identity_id, hour) index. The after-hours and abnormal-rate detectors compare the window
// with this profile; identities with less history than the learning period get no verdict.
import { sql, type Runner } from "../../db/sql";

export type Profile = {
  identityId: string; name: string; externalId: string; firstActive: Date;
  /** Events per UTC hour of day across the baseline (24 numbers). */
  byHour: number[];
  /** Median events of the baseline's active hours, and how many hours were active. */
  medianActiveHour: number;
  activeHours: number;
  /** The detection window's hours with events: [hour start ISO, events]. */
  recent: [string, number][];
};

type Row = Omit<Profile, "byHour"> & { byHour: Record<string, number> | null };

export async function activityProfiles(db: Runner, opts: { baselineFrom: Date; windowFrom: Date; to: Date; learnedBefore: Date }): Promise<Profile[]> {
  const rows = await db.rows<Row>(sql`
    WITH recent AS MATERIALIZED (
      SELECT identity_id, hour, sum(events)::int AS events FROM identity_events_hourly_live
       WHERE hour >= ${opts.windowFrom}::timestamptz AND hour < ${opts.to}::timestamptz GROUP BY 1, 2
    ),
    ids AS MATERIALIZED (
      SELECT DISTINCT r.identity_id FROM recent r JOIN identities i ON i.id = r.identity_id AND i.actor_type = 'nhi'
    ),
    base AS MATERIALIZED (
      SELECT identity_id, hour, sum(events)::int AS events FROM identity_events_hourly_live
       WHERE identity_id = ANY (ARRAY(SELECT identity_id FROM ids))
         AND hour >= ${opts.baselineFrom}::timestamptz AND hour < ${opts.windowFrom}::timestamptz
       GROUP BY 1, 2
    ),
    hod AS (SELECT identity_id, extract(hour FROM hour AT TIME ZONE 'UTC')::int AS hod, sum(events)::int AS n FROM base GROUP BY 1, 2),
    prof AS (SELECT identity_id, json_object_agg(hod, n) AS by_hour FROM hod GROUP BY 1),
    act AS (SELECT identity_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY events) AS median, count(*)::int AS hours FROM base GROUP BY 1),
    rec AS (
      SELECT identity_id, json_agg(json_build_array(to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"'), events) ORDER BY hour) AS recent
        FROM recent WHERE identity_id IN (SELECT identity_id FROM ids) GROUP BY 1
    ),
    firsts AS (
      SELECT identity_id, min(day) AS first_day FROM identity_events_daily_live
       WHERE identity_id = ANY (ARRAY(SELECT identity_id FROM ids)) GROUP BY 1
    )
    SELECT i.id AS "identityId", i.name, i.external_id AS "externalId", f.first_day AS "firstActive", prof.by_hour AS "byHour",
           coalesce(act.median, 0) AS "medianActiveHour", coalesce(act.hours, 0) AS "activeHours", rec.recent
      FROM rec JOIN identities i ON i.id = rec.identity_id JOIN firsts f ON f.identity_id = rec.identity_id
      LEFT JOIN prof ON prof.identity_id = rec.identity_id LEFT JOIN act ON act.identity_id = rec.identity_id
     WHERE f.first_day <= ${opts.learnedBefore}::date`);
  return rows.map((r) => ({ ...r, byHour: Array.from({ length: 24 }, (_, h) => r.byHour?.[h] ?? 0) }));
}
