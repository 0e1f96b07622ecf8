// CSV of every finding matching the queue's filters (not just the page), in keyset batches.
import { z } from "zod";
import { sql, type Runner } from "../db/sql";
import { defineExport, exportFilename, type ExportColumn } from "../exports/stream-export";
import { FINDING_FILTER_KEYS, ParsedFindingFilters, type FindingFilters } from "./filters";
import { FINDING_COLUMNS, findingConditions, findingView, whereOf, type FindingView, type FindingRow } from "./finding-sql";

const col = (header: string, value: ExportColumn<FindingView>["value"], json?: ExportColumn<FindingView>["json"]): ExportColumn<FindingView> => ({ header, field: header, value, json });

export const FINDING_EXPORT_COLUMNS: readonly ExportColumn<FindingView>[] = [
  col("id", (f) => f.id), col("detector", (f) => f.detector), col("severity", (f) => f.severity), col("status", (f) => f.status),
  col("title", (f) => f.title), col("identity", (f) => f.identity?.name ?? null), col("identity_external_id", (f) => f.identity?.externalId ?? null),
  col("subject", (f) => f.subject), col("occurrences", (f) => f.occurrences), col("first_seen_at", (f) => f.firstSeenAt), col("last_seen_at", (f) => f.lastSeenAt),
  col("first_event", (f) => f.firstEvent?.ref ?? null), col("last_event", (f) => f.lastEvent?.ref ?? null),
  col("assignee", (f) => f.assignee?.email ?? null), col("status_reason", (f) => f.statusReason), col("suppressed_until", (f) => f.suppressedUntil),
  col("rule", (f) => f.working.rule), col("threshold", (f) => f.working.threshold ?? null), col("coverage", (f) => f.working.coverage),
  col("working", (f) => JSON.stringify(f.working.inputs), (f) => f.working),
];

async function* batches(db: Runner, filters: FindingFilters, size = 2000): AsyncGenerator<FindingView[]> {
  let after: string | null = null;
  for (;;) {
    const c = findingConditions(filters);
    if (after) c.push(sql`f.id > ${after}::uuid`);
    const rows: FindingRow[] = await db.rows<FindingRow>(sql`
      SELECT ${FINDING_COLUMNS} FROM findings f LEFT JOIN identities i ON i.id = f.identity_id
       ${whereOf(c)} ORDER BY f.id LIMIT ${size}`);
    if (rows.length) yield rows.map(findingView);
    if (rows.length < size) return;
    after = rows[rows.length - 1].id;
  }
}

export const exportFindingsCsv = defineExport({
  action: "findings.export",
  permission: "findings:read",
  input: z.object({ filters: ParsedFindingFilters, now: z.date().optional() }),
  async plan(_db, { filters, now = new Date() }) {
    const applied = Object.fromEntries(FINDING_FILTER_KEYS.flatMap((k) => (filters[k] ? [[k, filters[k]]] : [])));
    return {
      format: "csv",
      filename: exportFilename("warden-findings", "csv", now),
      columns: FINDING_EXPORT_COLUMNS,
      batches: (db: Runner) => batches(db, filters),
      audit: { targetType: "findings", detail: { format: "csv", filters: applied } },
    };
  },
});
