// Retention of audit events by risk class: routine reads go first, denials and privileged actions
// are kept longest. Days that are past every policy are dropped as whole partitions (instant, no
// bloat); younger days lose only the classes whose time is up. Rollups follow the longest policy.
import type pg from "pg";
import { appendAuditPg } from "../audit-log/append";
import { assertCan, type Actor } from "../auth/roles";
import { forgetPartitions } from "../ingest/partitions";

export type RetentionClass = "routine" | "write" | "sensitive";

/** Days kept per class. sensitive = any denial or error, and admin/export/secret/permission/cross-tenant. */
export const RETENTION_DAYS: Record<RetentionClass, number> = { routine: 90, write: 180, sensitive: 400 };

// The predicates are fixed SQL (no input): which rows belong to a class.
const CLASS_SQL: Record<Exclude<RetentionClass, "sensitive">, string> = {
  routine: "decision = 'allow' AND (risk_class IS NULL OR risk_class = 'read')",
  write: "decision = 'allow' AND risk_class = 'write'",
};

export type RetentionReport = { droppedPartitions: string[]; deletedRows: Record<string, number>; rollupRowsDeleted: number };

const DAY_MS = 86_400_000;

export async function applyRetention(pool: pg.Pool, actor: Actor, now = new Date()): Promise<RetentionReport> {
  assertCan(actor, "settings:read");
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const longest = Math.max(...Object.values(RETENTION_DAYS));
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const parts = await client.query<{ name: string; upper: Date }>(
      `SELECT c.relname AS name, to_date(substring(c.relname from 'p(\\d{8})$'), 'YYYYMMDD')::timestamptz + interval '1 day' AS upper
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_events'::regclass AND c.relname ~ '^audit_events_p\\d{8}$'`,
    );
    const dropped: string[] = [];
    for (const p of parts.rows) {
      if (p.upper <= cutoff(longest)) {
        await client.query(`DROP TABLE ${quoteIdent(p.name)}`);
        dropped.push(p.name);
      }
    }
    const deletedRows: Record<string, number> = {};
    for (const [cls, predicate] of Object.entries(CLASS_SQL) as [Exclude<RetentionClass, "sensitive">, string][]) {
      const res = await client.query(`DELETE FROM audit_events WHERE occurred_at < $1 AND ${predicate}`, [
        cutoff(RETENTION_DAYS[cls]),
      ]);
      deletedRows[cls] = res.rowCount ?? 0;
    }
    const roll = await client.query("DELETE FROM event_rollups_hourly WHERE hour < $1", [cutoff(longest)]);
    // Unfolded ingest deltas for those hours go too (migration 0010): the live views read them.
    const deltas = await client.query("DELETE FROM event_rollup_deltas WHERE hour < $1", [cutoff(longest)]);
    const report = { droppedPartitions: dropped, deletedRows, rollupRowsDeleted: (roll.rowCount ?? 0) + (deltas.rowCount ?? 0) };
    await appendAuditPg(client, actor, {
      action: "retention.apply",
      targetType: "audit_events",
      detail: { policyDays: RETENTION_DAYS, ...report },
    });
    await client.query("COMMIT");
    if (dropped.length) forgetPartitions();
    return report;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

function quoteIdent(name: string): string {
  if (!/^audit_events_p\d{8}$/.test(name)) throw new Error(`refusing to drop unexpected table ${name}`);
  return `"${name}"`;
}
