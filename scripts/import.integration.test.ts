// `npm run import` end to end in a child process against a real database: the dry run's summary
// and its apply hint, the apply with that plan hash, --json, and one clear line on a bad file.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../lib/test/db";

const FIXTURE = "lib/inventory/import/fixtures/kubectl-rbac-prod-eu-1.json";
let t: TestDb;

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/import.ts", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", DATABASE_URL: t.url, NODE_ENV: "production" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}
const count = async (sql: string) => Number((await t.pool.query(sql)).rows[0].n);

beforeAll(async () => {
  t = await createTestDatabase("import_cli");
});
afterAll(() => t?.close());

describe("npm run import", () => {
  it("prints the dry run's diff and how to apply exactly it; writes nothing", () => {
    const r = cli("kubernetes", FIXTURE, "--cluster", "prod-eu-1", "--dry-run");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("kubernetes import (full) of kubectl-rbac-prod-eu-1.json [kubectl-json, sha256 ");
    expect(r.stdout).toMatch(/identities: \+11 added/);
    expect(r.stderr).toMatch(/dry run, nothing was written\. To apply exactly this plan: npm run import -- kubernetes \S+ --cluster prod-eu-1 --plan [0-9a-f]{64}/);
  });

  it("applies with the plan hash, recording the import", async () => {
    expect(await count("SELECT count(*) AS n FROM identities")).toBe(0);
    const plan = /--plan ([0-9a-f]{64})/.exec(cli("kubernetes", FIXTURE, "--cluster", "prod-eu-1", "--dry-run").stderr)![1];
    const r = cli("kubernetes", FIXTURE, "--cluster", "prod-eu-1", "--plan", plan, "--json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { importId: string; planHash: string };
    expect(out.planHash).toBe(plan);
    expect(r.stderr).toContain(`applied as import ${out.importId}`);
    expect(await count("SELECT count(*) AS n FROM identities")).toBe(11);
    expect((await t.pool.query("SELECT actor_type, actor_label FROM inventory_imports")).rows).toEqual([{ actor_type: "system", actor_label: expect.stringMatching(/^cli:/) }]);
  });

  it("refuses a bad file or usage with one line", () => {
    const bad = cli("aws", "package.json");
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^warden: .*package\.json: \$: no UserDetailList or RoleDetailList/m);
    const usage = cli("gcp", FIXTURE);
    expect([usage.status, usage.stderr]).toEqual([1, expect.stringContaining('unknown source "gcp"')]);
  });
});
