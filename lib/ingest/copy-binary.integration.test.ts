// The binary COPY writer must produce data PostgreSQL reads back as exactly the values written,
// for every type ingest uses, however awkward the text.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../test/db";
import { CopyBinaryWriter } from "./copy-binary";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase("copy-binary");
  await t.pool.query(`CREATE TABLE copy_probe (n int, t text, d decision, at timestamptz, u uuid, s int, b boolean, j jsonb)`);
});
afterAll(async () => t?.close());

type Probe = { t?: string; d?: string; at: number; u?: string; s?: number; b: boolean | null; j?: unknown };

async function roundTrip(values: Probe[], sizeHint?: number) {
  const w = new CopyBinaryWriter(sizeHint);
  values.forEach((v, n) => {
    w.row(8);
    w.int4(n);
    w.text(v.t);
    w.text(v.d);
    w.timestamp(v.at);
    w.uuid(v.u);
    w.int4(v.s);
    w.bool(v.b);
    w.jsonb(v.j === undefined ? undefined : JSON.stringify(v.j));
  });
  const client = await t.pool.connect();
  try {
    await client.query("TRUNCATE copy_probe");
    await pipeline(Readable.from([w.finish()]), client.query(copyFrom("COPY copy_probe FROM STDIN (FORMAT binary)")));
    // Text forms, so the comparison does not go through node-postgres' own parsing of dates.
    const { rows } = await client.query(`SELECT t, d::text, (extract(epoch FROM at) * 1000)::float8 AS at, u::text, s, b, j
      FROM copy_probe ORDER BY n`);
    return rows;
  } finally {
    client.release();
  }
}

describe("CopyBinaryWriter", () => {
  it("round-trips text, enums, timestamps, uuids, integers, booleans and JSON", async () => {
    const values: Probe[] = [
      { t: "plain", d: "allow", at: Date.UTC(2026, 10, 21, 23, 59, 59, 999), u: "0b6f1f8e-3c1a-4e8e-9f6d-2a1b3c4d5e6f", s: 200, b: true, j: { a: 1 } },
      { t: 'c:\\share\\*.csv "quoted" \\N', d: "deny", at: Date.UTC(1999, 11, 31, 23, 59, 59, 1), u: "FFFFFFFF-0000-4000-8000-ABCDEFABCDEF", s: -1, b: false, j: { path: "a\\b", tab: "x\ty", q: "\"", ü: ["✓", null] } },
      { t: "ünïcødé ✓ 𝄞 emoji 🛡️", d: "error", at: 0, s: 2_147_483_647, b: null, j: "just a string" },
      { t: undefined, d: undefined, at: Date.UTC(9999, 11, 31), u: undefined, s: undefined, b: null, j: undefined },
      { t: "", at: Date.UTC(2000, 0, 1), b: true, j: [] },
    ];
    expect(await roundTrip(values)).toEqual([
      { t: "plain", d: "allow", at: values[0].at, u: "0b6f1f8e-3c1a-4e8e-9f6d-2a1b3c4d5e6f", s: 200, b: true, j: { a: 1 } },
      { t: values[1].t, d: "deny", at: values[1].at, u: "ffffffff-0000-4000-8000-abcdefabcdef", s: -1, b: false, j: values[1].j },
      { t: values[2].t, d: "error", at: 0, u: null, s: 2_147_483_647, b: null, j: "just a string" },
      { t: null, d: null, at: values[3].at, u: null, s: null, b: null, j: null },
      // "" is NULL: validation makes "" mean absent, so no stored text is empty.
      { t: null, d: null, at: values[4].at, u: null, s: null, b: true, j: [] },
    ]);
  });

  it("grows its buffer for many rows and long values", async () => {
    const long = "x".repeat(100_000) + "é".repeat(50_000);
    // Around the writer's 64-character ASCII fast path, and a non-ASCII character at its end.
    const edges = ["a".repeat(64), "b".repeat(65), "c".repeat(63) + "é", "d".repeat(64) + "é"];
    const values: Probe[] = Array.from({ length: 2000 }, (_, i) => ({ t: i % 500 === 0 ? long : i < 5 ? edges[i - 1] : `row-${i}`, at: i, b: i % 2 === 0 }));
    const rows = await roundTrip(values, 64);
    expect(rows).toHaveLength(2000);
    expect(rows[0].t).toBe(long);
    expect(rows.slice(1, 5).map((r) => r.t)).toEqual(edges);
    expect(rows[1999]).toMatchObject({ t: "row-1999", at: 1999, b: false });
  });

  it("refuses what is not a uuid rather than writing wrong bytes", () => {
    const w = new CopyBinaryWriter();
    for (const bad of ["not-a-uuid", "0b6f1f8e-3c1a-4e8e-9f6d-2a1b3c4d5e6", "0b6f1f8e-3c1a-4e8e-9f6d-2a1b3c4d5e6f0", "0b6f1f8e3c1a-4e8e-9f6d-2a1b3c4d5e6f-", "0b6f1f8e-3c1a-4e8e-9f6d-2a1b3c4d5e6g"]) {
      expect(() => w.uuid(bad), bad).toThrow(/not a uuid/);
    }
    expect(() => w.timestamp(Number.NaN)).toThrow(/not a timestamp/);
    expect(() => w.timestamp(1.5)).toThrow(/not a timestamp/);
  });
});
