// The hand-built array literals must read back in PostgreSQL as exactly the values sent,
// whatever the text holds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../test/db";
import { plainArray, textArray } from "./pg-array";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase("pg-array");
});
afterAll(async () => t?.close());

describe("array literals", () => {
  it("round-trips awkward text", async () => {
    const values = ["plain", "", "NULL", "null", 'say "hi"', "c:\\share\\*.csv", "a,b", "{x}", " spaced ", "tab\there", "ünïcødé ✓", "\\", '"', "a\\\"b"];
    const { rows } = await t.pool.query<{ v: string[] }>("SELECT $1::text[] AS v", [textArray(values)]);
    expect(rows[0].v).toEqual(values);
  });

  it("round-trips numbers, booleans, uuids and an empty array", async () => {
    const { rows } = await t.pool.query<{ n: string[]; b: boolean[]; u: string[]; e: string[] }>(
      "SELECT $1::int8[] AS n, $2::boolean[] AS b, $3::uuid[] AS u, $4::text[] AS e",
      [plainArray([0, 1_700_000_000_000, -5]), plainArray([true, false]), plainArray(["0b6f1f8e-3c1a-4e8e-9f6d-2a1b3c4d5e6f"]), plainArray([])],
    );
    expect(rows[0]).toEqual({ n: ["0", "1700000000000", "-5"], b: [true, false], u: ["0b6f1f8e-3c1a-4e8e-9f6d-2a1b3c4d5e6f"], e: [] });
  });
});
