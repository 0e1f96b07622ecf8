import { describe, expect, it } from "vitest";
import { exportChunks, exportFilename, type ExportColumn } from "./stream-export";

type Row = { id: number; name: string; data: string | null };
const COLUMNS: ExportColumn<Row>[] = [
  { header: "id", field: "id", value: (r) => r.id },
  { header: "display_name", field: "name", value: (r) => r.name },
  { header: "data", field: "data", value: (r) => r.data, json: (r) => (r.data === null ? null : JSON.parse(r.data)) },
];

async function* batches(...sets: Row[][]): AsyncGenerator<Row[]> {
  yield* sets;
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const c of chunks) out += c;
  return out;
}

describe("exportChunks", () => {
  const rows = [[{ id: 1, name: "=cmd", data: '{"a":1}' }], [{ id: 2, name: "b,c", data: null }]];

  it("writes a CSV header, then every batch, with cells neutralised and quoted", async () => {
    expect(await text(exportChunks("csv", COLUMNS, batches(...rows)))).toBe(
      'id,display_name,data\r\n1,\'=cmd,"{""a"":1}"\r\n2,"b,c",\r\n',
    );
  });

  it("writes one JSON object per line under the field names, JSON kept as JSON", async () => {
    const lines = (await text(exportChunks("ndjson", COLUMNS, batches(...rows)))).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { id: 1, name: "=cmd", data: { a: 1 } },
      { id: 2, name: "b,c", data: null },
    ]);
  });

  it("writes only the CSV header for no rows", async () => {
    expect(await text(exportChunks("csv", COLUMNS, batches()))).toBe("id,display_name,data\r\n");
    expect(await text(exportChunks("ndjson", COLUMNS, batches()))).toBe("");
  });
});

describe("exportFilename", () => {
  it("stamps the UTC time without colons or fractions", () => {
    expect(exportFilename("warden-events", "ndjson", new Date("2026-11-20T12:00:05.123Z"))).toBe("warden-events-2026-11-20T120005Z.ndjson");
  });
});
