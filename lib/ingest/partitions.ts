// Daily partitions of audit_events must exist before rows arrive. Creating one is DDL, so it runs
// outside the batch transaction (it is idempotent) and the days already known are remembered.
import type pg from "pg";

const known = new Set<string>();
const DAY_MS = 86_400_000;

export async function ensurePartitions(pool: pg.Pool, times: Date[]): Promise<void> {
  const days = new Set<string>();
  for (const t of times) days.add(new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS).toISOString());
  const missing = [...days].filter((d) => !known.has(d));
  if (missing.length === 0) return;
  await pool.query("SELECT warden_ensure_event_partitions(d, d) FROM unnest($1::timestamptz[]) AS d", [missing]);
  for (const d of missing) known.add(d);
}

/** Retention drops partitions; forget them so that a late event recreates its day. */
export function forgetPartitions(): void {
  known.clear();
}
