// Closed-day usage sums for the heatmap windows (migration 0009): per identity · scope, the daily
// rollups of the window's days before today, summed once per day instead of on every request.
// The heatmap statement adds today's rows live and falls back to the daily rollups whenever the
// set is not fresh for its day, so this module only decides when to recompute, never what a
// reader sees. The sums are derived data, like the rollups, so they are not written to Warden's
// own audit log.
import { sql, withTransaction, type Runner } from "../db/sql";
import { isoDay, windowStart } from "./day-split";

const LOCK_NOT_AVAILABLE = "55P03";

/**
 * Makes the sums for a `days`-day window ending with `today` (a UTC midnight) current, unless they
 * already are. Concurrent callers queue on the window's state row and the later ones find the
 * work done; a writer that changes a closed day marks the row stale in its own transaction, after
 * or (waiting on this lock) before the recount, so no change is missed.
 */
export async function ensureUsageWindow(db: Runner, days: number, today: Date): Promise<void> {
  const asOf = isoDay(today);
  const fresh = await db.one(sql`SELECT 1 FROM usage_window_state WHERE window_days = ${days} AND as_of = ${asOf}::date AND fresh`);
  // Inside a caller's transaction a lock timeout would abort that transaction: leave the recount
  // to the next reader (the statement reads the daily rollups meanwhile).
  if (fresh || db.inTransaction) return;
  try {
    // A writer holding the state row (a long backfill) must not hold up the page: after a short
    // wait the reader gives up the recount and its statement sums the daily rollups instead.
    await withTransaction(
      undefined,
      async (tx) => {
        await tx.exec(sql`
          INSERT INTO usage_window_state (window_days, as_of, fresh) VALUES (${days}, ${asOf}::date, false) ON CONFLICT DO NOTHING`);
        const state = await tx.one<{ ok: boolean }>(sql`
          SELECT as_of = ${asOf}::date AND fresh AS ok FROM usage_window_state WHERE window_days = ${days} FOR UPDATE`);
        if (state?.ok) return;
        await tx.exec(sql`DELETE FROM usage_window_sums WHERE window_days = ${days}`);
        await tx.exec(sql`
          INSERT INTO usage_window_sums (window_days, identity_id, scope, uses, denied, ungranted_uses)
          SELECT ${days}, identity_id, scope, sum(events - denials), sum(denials), sum(ungranted_uses)
            FROM event_rollups_daily_live
           WHERE day >= ${isoDay(windowStart(today, days))}::date AND day < ${asOf}::date AND scope <> ''
           GROUP BY identity_id, scope`);
        await tx.exec(sql`
          UPDATE usage_window_state SET as_of = ${asOf}::date, fresh = true, refreshed_at = now() WHERE window_days = ${days}`);
      },
      { settings: { lock_timeout: "200ms" } },
    );
  } catch (err) {
    if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE) return;
    throw err;
  }
}
