// `npm test`: the whole suite — unit and integration (real PostgreSQL) with vitest, then a
// production build and the Playwright end-to-end specs in Chromium against it.
import { spawnSync } from "node:child_process";
import { buildIsStale, buildNext } from "./lib/next-build";

function step(name: string, cmd: string, args: string[]): void {
  console.log(`\n=== ${name} ===`);
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (res.status !== 0) {
    console.error(`\nwarden test: ${name} failed`);
    process.exit(res.status ?? 1);
  }
}

const node = process.execPath;
step("unit + integration tests (vitest)", node, ["node_modules/vitest/vitest.mjs", "run"]);
if (buildIsStale()) {
  console.log("\n=== production build ===");
  buildNext({ ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
}
step("end-to-end tests (Playwright, Chromium)", node, ["node_modules/@playwright/test/cli.js", "test"]);
console.log("\nwarden test: all suites passed");
