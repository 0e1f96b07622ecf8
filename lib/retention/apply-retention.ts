// Applies the retention policy (policy.ts). Days that are past every policy are dropped as whole
// partitions (instant, no bloat); younger days lose only the classes whose time is up. Rollups
// follow the longest policy. One transaction, with its audit row.
import { z } from "zod";
import { defineVerb } from "../core/verb";
import { raw, sql, type Sql } from "../db/sql";
import { forgetPartitions } from "../ingest/partitions";
import { RETENTION_DAYS, type RetentionClass } from "./policy";

// The predicates are fixed SQL (no input): which rows belong to a class.
const CLASS_SQL: Record<Exclude<RetentionClass, "sensitive">, Sql> = {
  routine: sql`decision = 'allow' AND (risk_class IS NULL OR risk_class = 'read')`,
  write: sql`decision = 'allow' AND risk_class = 'write'`,
};

export type RetentionReport = { droppedPartitions: string[]; deletedRows: Record<string, number>; rollupRowsDeleted: number };

const DAY_MS = 86_400_000;

function partitionIdent(name: string): Sql {
  if (!/^audit_events_p\d{8}$/.test(name)) throw new Error(`refusing to drop unexpected table ${name}`);
  return raw(`"${name}"`);
}

export const applyRetention = defineVerb({
  action: "retention.apply",
  permission: "retention:apply",
  input: z.object({ now: z.date().default(() => new Date()) }),
  async run(tx, { now }) {
    const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const longest = Math.max(...Object.values(RETENTION_DAYS));
    const parts = await tx.rows<{ name: string; upper: Date }>(sql`
      SELECT c.relname AS name, to_date(substring(c.relname from 'p(\\d{8})$'), 'YYYYMMDD')::timestamptz + interval '1 day' AS upper
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'audit_events'::regclass AND c.relname ~ '^audit_events_p\\d{8}$'`);
    const droppedPartitions: string[] = [];
    for (const p of parts) {
      if (p.upper <= cutoff(longest)) {
        await tx.exec(sql`DROP TABLE ${partitionIdent(p.name)}`);
        droppedPartitions.push(p.name);
      }
    }
    const deletedRows: Record<string, number> = {};
    for (const [cls, predicate] of Object.entries(CLASS_SQL) as [Exclude<RetentionClass, "sensitive">, Sql][]) {
      deletedRows[cls] = await tx.exec(sql`DELETE FROM audit_events WHERE occurred_at < ${cutoff(RETENTION_DAYS[cls])} AND ${predicate}`);
    }
    const rollups = await tx.exec(sql`DELETE FROM event_rollups_hourly WHERE hour < ${cutoff(longest)}`);
    // Unfolded ingest deltas for those hours go too (migration 0010): the live views read them.
    const deltas = await tx.exec(sql`DELETE FROM event_rollup_deltas WHERE hour < ${cutoff(longest)}`);
    const report: RetentionReport = { droppedPartitions, deletedRows, rollupRowsDeleted: rollups + deltas };
    return { result: report, audit: { targetType: "audit_events", detail: { policyDays: RETENTION_DAYS, ...report } } };
  },
  // Dropped days must be recreated by a late event: forget the partitions ingest knows.
  afterCommit: (report) => {
    if (report.droppedPartitions.length) forgetPartitions();
  },
});
