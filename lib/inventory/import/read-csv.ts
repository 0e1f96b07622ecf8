// Streams the rows of a CSV file with a header line (csv-parse): one row at a time, each with its
// line number for error messages. A malformed file is refused with the line and the reason.
import { Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";
import type { FileReader } from "./file-reader";

export type CsvRow = { line: number; values: Record<string, string> };

/** The header's column names, normalised (trimmed, lower case): how CSV kinds are recognised. */
export function csvHeader(firstBytes: string): string[] {
  const line = firstBytes.split(/\r?\n/, 1)[0] ?? "";
  return line.split(",").map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());
}

export async function* csvRows(reader: FileReader): AsyncGenerator<CsvRow> {
  const parser = Readable.from(reader.chunks()).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((c) => c.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      trim: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: info.lines, values: record };
    }
  } catch (e) {
    const err = e as CsvError & { lines?: number };
    throw reader.error(`line ${err.lines ?? "?"}`, `not valid CSV: ${err.message.replace(/ on line \d+$/, "")}`);
  }
}
