// Fails when prisma/schema.prisma and the SQL migrations disagree: the migrations are applied to
// a real database and every model, column, nullability, type and enum in the Prisma schema (read
// with Prisma's own schema engine, compiled to WASM) is checked against the catalog.
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../test/db";

type DmmfField = {
  name: string; dbName: string | null; kind: string; type: string;
  isList: boolean; isRequired: boolean; nativeType: [string, string[]] | null;
};
type Dmmf = {
  datamodel: {
    models: { name: string; dbName: string | null; fields: DmmfField[] }[];
    enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
  };
};

const schema = readFileSync("prisma/schema.prisma", "utf8");
const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] }))) as Dmmf;

const SCALAR_TYPES: Record<string, string> = {
  String: "text", Int: "integer", BigInt: "bigint", Boolean: "boolean",
  DateTime: "timestamp with time zone", Json: "jsonb", Float: "double precision",
};
const NATIVE_TYPES: Record<string, string> = { Uuid: "uuid", Timestamptz: "timestamp with time zone", Date: "date" };

type Column = { table_name: string; column_name: string; is_nullable: string; data_type: string; udt_name: string };

describe("schema.prisma matches the migrations", () => {
  let t: TestDb;
  let columns: Map<string, Column>;
  let tables: Set<string>;
  beforeAll(async () => {
    t = await createTestDatabase("drift");
    const { rows } = await t.pool.query<Column>(
      `SELECT c.table_name, c.column_name, c.is_nullable, c.data_type, c.udt_name
         FROM information_schema.columns c
         JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace
        WHERE c.table_schema = 'public' AND NOT k.relispartition
           AND k.relkind IN ('r', 'p')`, // tables only: the *_live rollup views are not models
    );
    columns = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    tables = new Set(rows.map((r) => r.table_name));
  });
  afterAll(() => t.close());

  it("has a table for every model and a model for every table", () => {
    const modelTables = dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort();
    const dbTables = [...tables].filter((n) => n !== "_warden_migrations").sort();
    expect(dbTables).toEqual(modelTables);
  });

  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    it(`${model.name}: columns, types and nullability agree`, () => {
      const scalars = model.fields.filter((f) => f.kind !== "object");
      const expected = scalars.map((f) => f.dbName ?? f.name).sort();
      const actual = [...columns.values()].filter((c) => c.table_name === table).map((c) => c.column_name).sort();
      expect(actual, `columns of ${table}`).toEqual(expected);
      for (const f of scalars) {
        const col = columns.get(`${table}.${f.dbName ?? f.name}`)!;
        const where = `${table}.${col.column_name}`;
        if (!f.isList) expect(col.is_nullable, `${where} nullability`).toBe(f.isRequired ? "NO" : "YES");
        if (f.isList) expect(col.data_type, where).toBe("ARRAY");
        else if (f.kind === "enum") {
          const en = dmmf.datamodel.enums.find((e) => e.name === f.type)!;
          expect(col.udt_name, `${where} enum type`).toBe(en.dbName ?? en.name);
        } else {
          const want = (f.nativeType && NATIVE_TYPES[f.nativeType[0]]) ?? SCALAR_TYPES[f.type];
          expect(col.data_type, `${where} type`).toBe(want);
        }
      }
    });
  }

  it("every enum has the same values in both", async () => {
    for (const en of dmmf.datamodel.enums) {
      const { rows } = await t.pool.query<{ v: string }>(
        "SELECT unnest(enum_range(NULL::" + (en.dbName ?? en.name) + "))::text AS v",
      );
      expect(rows.map((r) => r.v), en.name).toEqual(en.values.map((v) => v.dbName ?? v.name));
    }
  });
});
