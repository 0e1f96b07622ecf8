// Closed-day usage sums for the heatmap windows (migration 0009): per identity · scope, the daily
// rollups of the window's days before today, summed once per day instead of on every request.
// The heatmap statement adds today's rows live and falls back to the daily rollups whenever the
// set is not fresh for its day, so this module only decides when to recompute, never what a
// reader sees. The sums are derived data, like the rollups, so they are not written to Warden's
// own audit log.
import { pool } from "../db/client";
import { isoDay, windowStart } from "./day-split";

const LOCK_NOT_AVAILABLE = "55P03";

const REFRESH_SQL = `
  INSERT INTO usage_window_sums (window_days, identity_id, scope, uses, denied, ungranted_uses)
  SELECT $1, identity_id, scope, sum(events - denials), sum(denials), sum(ungranted_uses)
    FROM event_rollups_daily_live
   WHERE day >= $2::date AND day < $3::date AND scope <> ''
   GROUP BY identity_id, scope`;

/**
 * Makes the sums for a `days`-day window ending with `today` (a UTC midnight) current, unless they
 * already are. Concurrent callers queue on the window's state row and the later ones find the
 * work done; a writer that changes a closed day marks the row stale in its own transaction, after
 * or (waiting on this lock) before the recount, so no change is missed.
 */
export async function ensureUsageWindow(days: number, today: Date): Promise<void> {
  const asOf = isoDay(today);
  const check = await pool().query("SELECT 1 FROM usage_window_state WHERE window_days = $1 AND as_of = $2::date AND fresh", [days, asOf]);
  if (check.rowCount) return;
  const client = await pool().connect();
  try {
    // A writer holding the state row (a long backfill) must not hold up the page: after a short
    // wait the reader gives up the recount and its statement sums the daily rollups instead.
    await client.query("BEGIN; SET LOCAL lock_timeout = '200ms'");
    await client.query("INSERT INTO usage_window_state (window_days, as_of, fresh) VALUES ($1, $2::date, false) ON CONFLICT DO NOTHING", [days, asOf]);
    const { rows } = await client.query<{ ok: boolean }>(
      "SELECT as_of = $2::date AND fresh AS ok FROM usage_window_state WHERE window_days = $1 FOR UPDATE",
      [days, asOf],
    );
    if (!rows[0].ok) {
      await client.query("DELETE FROM usage_window_sums WHERE window_days = $1", [days]);
      await client.query(REFRESH_SQL, [days, isoDay(windowStart(today, days)), asOf]);
      await client.query("UPDATE usage_window_state SET as_of = $2::date, fresh = true, refreshed_at = now() WHERE window_days = $1", [days, asOf]);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE) return;
    throw err;
  } finally {
    client.release();
  }
}
