// CSV / NDJSON export of exactly the explorer's filtered set (every page, every column). Rows are
// read in keyset batches on (occurred_at, id) as the download pulls them.
import { z } from "zod";
import type { Runner } from "../db/sql";
import { defineExport, EXPORT_FORMATS, exportFilename, type ExportColumn } from "../exports/stream-export";
import { SHOWN_EVENT_COLUMNS, toEventRow, type EventColumnSpec, type EventRow } from "./columns";
import { eventBatchSql, eventConditions, olderThan, resolveIdentityFilter } from "./explorer-sql";
import { EVENT_FILTER_KEYS, ParsedEventFilters, resolveWindow, type Cursor, type EventFilters, type TimeWindow } from "./filters";

const exportColumn = (c: EventColumnSpec): ExportColumn<EventRow> => {
  const json = c.json as ((v: unknown) => unknown) | undefined;
  return {
    header: c.name,
    field: c.field,
    value: (r) => r[c.field],
    json: json ? (r) => json(r[c.field]) : undefined,
  };
};

/** Every shown column: the row's key and times first, the wide context JSON last. */
export const EVENT_EXPORT_COLUMNS: readonly ExportColumn<EventRow>[] = [
  ...SHOWN_EVENT_COLUMNS.filter((c) => c.exportAt === "start"),
  ...SHOWN_EVENT_COLUMNS.filter((c) => c.exportAt === undefined),
  ...SHOWN_EVENT_COLUMNS.filter((c) => c.exportAt === "end"),
].map(exportColumn);

/** The filtered set in keyset batches (newest first), as EventRows; the window is fixed by the caller. */
export async function* eventBatches(
  db: Runner,
  f: EventFilters,
  window: TimeWindow,
  identityIds: string[] | null,
  batchSize = 5000,
): AsyncGenerator<EventRow[]> {
  if (identityIds && identityIds.length === 0) return;
  const base = eventConditions(f, window, identityIds);
  let after: Cursor | null = null;
  for (;;) {
    const conditions = after ? [...base, olderThan(after)] : base;
    const rows = (await db.rows<Record<string, unknown>>(eventBatchSql(conditions, batchSize, "older"))).map(toEventRow);
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    const last: EventRow = rows[rows.length - 1];
    after = { at: last.at, id: last.id };
  }
}

export const exportEvents = defineExport({
  action: "events.export",
  permission: "events:read",
  input: z.object({
    filters: ParsedEventFilters,
    format: z.enum(EXPORT_FORMATS),
    now: z.date().optional(),
    batchSize: z.number().int().min(1).max(50_000).optional(),
  }),
  async plan(db, { filters: f, format, now = new Date(), batchSize }) {
    // The window is fixed once, here: a relative preset must not slide while the export streams.
    const window = resolveWindow(f, now);
    const identities = f.identity ? await resolveIdentityFilter(db, f.identity) : null;
    const applied = Object.fromEntries(EVENT_FILTER_KEYS.flatMap((k) => (f[k] ? [[k, f[k]]] : [])));
    return {
      format,
      filename: exportFilename("warden-events", format, now),
      columns: EVENT_EXPORT_COLUMNS,
      batches: (rows: Runner) => eventBatches(rows, f, window, identities?.map((i) => i.id) ?? null, batchSize),
      // Exports leave the building: record who took which slice of the audit trail.
      audit: {
        targetType: "audit_events",
        detail: { format, filters: applied, from: window.from.toISOString(), to: window.to.toISOString() },
      },
    };
  },
});
