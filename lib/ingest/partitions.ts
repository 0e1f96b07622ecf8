// Daily partitions of audit_events must exist before rows arrive. Creating one is DDL, so it runs
// outside the batch transaction (it is idempotent) and the days already known are remembered.
import type pg from "pg";

const known = new Set<number>();
const DAY_MS = 86_400_000;

/** Days are counted as integers: this runs over every event of every batch. */
export async function ensurePartitions(pool: pg.Pool, events: readonly { occurredAt: Date }[]): Promise<void> {
  const missing = new Set<number>();
  for (const e of events) {
    const day = Math.floor(e.occurredAt.getTime() / DAY_MS);
    if (!known.has(day)) missing.add(day);
  }
  if (missing.size === 0) return;
  const days = [...missing].map((d) => new Date(d * DAY_MS).toISOString());
  await pool.query("SELECT warden_ensure_event_partitions(d, d) FROM unnest($1::timestamptz[]) AS d", [days]);
  for (const d of missing) known.add(d);
}

/** Retention drops partitions; forget them so that a late event recreates its day. */
export function forgetPartitions(): void {
  known.clear();
}
