// Runs the verb rule (verb-rule.ts) over every lib/ module, and checks that the checker itself
// catches each kind of violation.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkModule, EXCEPTIONS } from "./verb-rule";

const ROOT = path.resolve(import.meta.dirname, "../..");

function modules(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(path.join(ROOT, rel)).isDirectory()) return modules(rel);
    return /\.tsx?$/.test(name) && !/\.test\.ts$/.test(name) ? [rel] : [];
  });
}

describe("the verb rule", () => {
  it("holds for every module in lib/", () => {
    const violations = modules("lib").flatMap((f) => checkModule(f, readFileSync(path.join(ROOT, f), "utf8")));
    expect(violations).toEqual([]);
  });

  it("lists only exceptions that exist", () => {
    for (const f of Object.keys(EXCEPTIONS)) expect(statSync(path.join(ROOT, f)).isFile()).toBe(true);
  });

  it("catches the process-wide handles, raw Prisma calls and home-made handles", () => {
    const rules = (text: string) => checkModule("lib/feature/x.ts", text).map((v) => v.rule);
    expect(rules(`import { db } from "../db/client";`)).toEqual([1]);
    expect(rules(`import { pool } from "@/lib/db/client";`)).toEqual([1]);
    expect(rules("export const n = () => thing.$queryRaw`SELECT 1`;")).toEqual([1]);
    expect(rules(`import { runner } from "../db/sql";\nconst r = runner();`)).toEqual([2]);
  });

  it("catches an exported read that skips the verb/query helper or its permission", () => {
    const check = (text: string) => checkModule("lib/feature/x.ts", text).map((v) => [v.rule, v.detail]);
    expect(check("export async function leak(db: Db) { return db.rows(sql`SELECT * FROM users`); }")).toEqual([
      [3, "leak runs SQL but is neither a defineVerb/defineQuery nor given a Runner by one"],
    ]);
    expect(check("export const q = defineQuery({ run: (db) => db.rows(sql`SELECT 1`) });")).toEqual([[3, "q is defined without a permission"]]);
    expect(check('export const q = defineQuery({ permission: "events:read", run: (db) => db.rows(sql`SELECT 1`) });')).toEqual([]);
    expect(check("export async function helper(tx: Runner, id: string) { return tx.one(sql`SELECT ${id}`); }")).toEqual([]);
  });
});
