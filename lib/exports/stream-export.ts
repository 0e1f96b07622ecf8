// Every download Warden offers (events, identities, and later the SOC 2 evidence package) is built
// here: a streamed CSV or NDJSON file from row batches, with the export recorded in Warden's audit
// log. Batches are pulled by the response stream, so a million-row export holds one batch in
// memory and stops reading when the client goes away. The audit row commits before the first row
// is read: an export that leaves the building is on record even if the client aborts it.
import { z } from "zod";
import type { AuditEntry } from "../audit-log/append";
import type { Actor, Permission } from "../auth/roles";
import { defineQuery, defineVerb, type Ctx } from "../core/verb";
import type { Runner } from "../db/sql";
import { textStream } from "../streams/text-stream";
import { csvLine, type CsvValue } from "./csv";

export const EXPORT_FORMATS = ["csv", "ndjson"] as const;

/** A file for an edge to send: lib/http/route.ts turns it into a streamed download response. */
export type Download = { filename: string; contentType: string; stream: ReadableStream<Uint8Array> };
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

/** One column of an export: its CSV header, its NDJSON member and how a row gives its value. */
export type ExportColumn<R> = {
  header: string;
  field: string;
  /** The CSV cell, and the NDJSON value unless `json` gives another. */
  value: (row: R) => CsvValue;
  /** The NDJSON value when it is not the cell (JSON kept as JSON rather than text). */
  json?: (row: R) => unknown;
};

/** Text chunks of the file: the CSV header (if any), then one chunk per batch. */
export async function* exportChunks<R>(
  format: ExportFormat,
  columns: readonly ExportColumn<R>[],
  batches: AsyncIterable<R[]>,
): AsyncGenerator<string> {
  const line =
    format === "csv"
      ? (r: R) => csvLine(columns.map((c) => c.value(r)))
      : (r: R) => `${JSON.stringify(Object.fromEntries(columns.map((c) => [c.field, c.json ? c.json(r) : c.value(r)])))}\n`;
  if (format === "csv") yield csvLine(columns.map((c) => c.header));
  for await (const rows of batches) yield rows.map(line).join("");
}

/** `warden-events-2026-11-20T120000Z.csv`: sorts by time and has no colon for file systems to refuse. */
export function exportFilename(name: string, format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().replace(/:/g, "").replace(/\.\d+Z$/, "Z");
  return `${name}-${stamp}.${format}`;
}

/** What one export call streams, and what the audit log records about it. */
export type ExportPlan<R> = {
  format: ExportFormat;
  filename: string;
  columns: readonly ExportColumn<R>[];
  /** The rows in batches, read once the audit row is committed, as the client pulls the file. */
  batches: (db: Runner) => AsyncIterable<R[]>;
  audit: Omit<AuditEntry, "action">;
};

export type Export<S extends z.ZodType> = ((ctx: Ctx, input: z.input<S>) => Promise<Download>) & {
  readonly action: string;
  readonly permission: Permission;
};

/**
 * An export verb: permission, input, then `plan` (which fixes what the file holds: windows,
 * resolved filters) in the transaction that appends the audit row; the rows stream afterwards
 * through the handle a query hands out, as the client pulls the file.
 */
export function defineExport<S extends z.ZodType, R>(spec: {
  /** Audit-log action, e.g. `events.export`. */
  action: string;
  permission: Permission;
  input: S;
  plan: (db: Runner, input: z.output<S>, actor: Actor) => Promise<ExportPlan<R>>;
}): Export<S> {
  const record = defineVerb({
    action: spec.action,
    permission: spec.permission,
    input: spec.input,
    async run(tx, input, actor) {
      const plan = await spec.plan(tx, input, actor);
      return { result: plan, audit: plan.audit };
    },
  });
  const open = defineQuery({
    permission: spec.permission,
    input: z.custom<ExportPlan<R>>((v) => typeof v === "object" && v !== null),
    // The stream outlives this call: it reads through `db` (the pool, or the caller's transaction) when pulled.
    async run(db, plan): Promise<Download> {
      const chunks = exportChunks(plan.format, plan.columns, plan.batches(db));
      return { filename: plan.filename, contentType: CONTENT_TYPES[plan.format], stream: textStream(chunks) };
    },
  });
  const run = async (ctx: Ctx, input: z.input<S>): Promise<Download> => open(ctx, await record(ctx, input));
  return Object.assign(run, { action: spec.action, permission: spec.permission });
}
