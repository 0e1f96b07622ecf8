// Per-identity event and denial counts over hour-aligned windows, read from the derived rollups
// (migration 0004) instead of the identity × scope × decision hourly rows.
import { daySplit, isoDay } from "../analytics/day-split";
import { sql, type Sql } from "../db/sql";

/**
 * Rows (identity_id, at, events, denials) that cover [from, to) exactly, for sums filtered by
 * `at` against any of `boundaries` (hour instants inside the span). Whole UTC days come from
 * identity_events_daily (`at` = midnight); days that contain `from`, `to` or a boundary come hour
 * by hour from identity_events_hourly (see day-split.ts), so every `at >= boundary` test is exact.
 * A 35-day span reads ~35 rows per identity plus a few days of hours, instead of ~840 hourly ones.
 */
export function identityActivitySql(from: Date, to: Date, boundaries: Date[] = []): Sql {
  const { firstDay, lastDay, hourlyDays } = daySplit(from, to, boundaries);
  // Days go as YYYY-MM-DD text: a Date parameter is sent in the process's time zone.
  return sql`(
    SELECT identity_id, day::timestamp AT TIME ZONE 'UTC' AS at, events, denials
      FROM identity_events_daily_live
     WHERE day >= ${isoDay(firstDay)}::date AND day <= ${isoDay(lastDay)}::date AND NOT (day = ANY (${hourlyDays}::date[]))
    UNION ALL
    SELECT h.identity_id, h.hour AS at, h.events, h.denials
      FROM unnest(${hourlyDays}::date[]) AS s(day)
      JOIN identity_events_hourly_live h
        ON h.hour >= s.day::timestamp AT TIME ZONE 'UTC' AND h.hour < (s.day + 1)::timestamp AT TIME ZONE 'UTC'
       AND h.hour >= ${from}::timestamptz AND h.hour < ${to}::timestamptz
  )`;
}
