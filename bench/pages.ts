// `npm run bench:pages -- [--events 1000000,10000000] [--requests 20]`: seeds (or reuses, under
// .data-bench/) an estate per size, serves the production build on it, signs in over HTTP and
// measures the warm server response time of each page, default and filtered: p50/p95.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { SYSTEM } from "../lib/auth/roles";
import { bindDbHandles, createPool, createPrisma } from "../lib/db/client";
import { startEmbedded } from "../lib/db/embedded";
import { ensureDatabase, migrate } from "../lib/db/migrate";
import { createUser } from "../lib/users/users";
import { seedDemoEstate, STORIES } from "../prisma/seed";
import { percentile, serveApp } from "./lib/bench-env";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000,10000000" },
    requests: { type: "string", default: "20" },
    "seed-only": { type: "boolean", default: false },
  },
});
const SIZES = values.events!.split(",").map(Number);
const REQUESTS = Number(values.requests);
const ADMIN = { email: "bench@warden.local", password: "bench-password-123" };
const log = (m: string) => console.error(`bench: ${m}`);

async function estate(events: number) {
  const dir = path.resolve(".data-bench", `pg-${events}`);
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  mkdirSync(path.dirname(dir), { recursive: true });
  const server = await startEmbedded({ dir });
  const url = server.url("warden");
  await ensureDatabase(url);
  await migrate(url);
  const pool = createPool(url, 4);
  const prisma = createPrisma(pool);
  bindDbHandles({ pool, prisma });
  if (fresh || (await prisma.identity.count()) === 0) {
    log(`seeding ${events.toLocaleString("en-US")} events (kept under ${dir} for later runs)`);
    await seedDemoEstate(pool, { identities: 500, events, days: 30, log });
    await createUser(prisma, SYSTEM, { email: ADMIN.email, password: ADMIN.password, role: "admin", name: "Bench" });
  }
  return { url, pool, prisma, stop: async () => { await prisma.$disconnect(); await pool.end(); await server.stop(); } };
}

async function signIn(base: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" }),
  });
  const cookies = [...jar, ...res.headers.getSetCookie().map((c) => c.split(";")[0])];
  if (!cookies.some((c) => c.startsWith("next-auth.session-token"))) throw new Error("bench sign-in failed");
  return cookies.join("; ");
}

async function measure(base: string, cookie: string, pathQ: string) {
  const once = async () => {
    const t = performance.now();
    const res = await fetch(base + pathQ, { headers: { cookie }, redirect: "manual" });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${pathQ} answered ${res.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 3; i++) await once(); // warm
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const results: Record<string, Record<string, { p50: number; p95: number }>> = {};
if (values["seed-only"]) {
  for (const size of SIZES) await (await estate(size)).stop();
  process.exit(0);
}

for (const size of SIZES) {
  const db = await estate(size);
  const story = await db.prisma.identity.findUnique({ where: { externalId: STORIES.replayKey.externalId } });
  const probing = await db.prisma.identity.findUnique({ where: { externalId: STORIES.probingIntegration.externalId } });
  const pages: [string, string][] = [
    ["overview", "/"],
    ["identities", "/identities"],
    ["identities (filtered)", "/identities?kind=api_key&status=active&sort=risk&dir=desc"],
    ["identity page", `/identities/${story?.id}`],
    ["identity page (30d)", `/identities/${story?.id}?window=30`],
    ["trails", "/trails"],
    ["trails (filtered)", `/trails?decision=deny&identity=${encodeURIComponent(probing?.externalId ?? "")}&range=7d`],
    ["denials", "/denials"],
    ["denials (7d by identity)", "/denials?window=7d&stack=identity"],
    ["over-privilege", "/over-privilege"],
    ["over-privilege (90d, 500 rows)", "/over-privilege?window=90&rows=500"],
  ];
  const app = await serveApp(db.url);
  try {
    const cookie = await signIn(app.url);
    results[size] = {};
    for (const [name, p] of pages) {
      results[size][name] = await measure(app.url, cookie, p);
      log(`${size} ${name}: p50 ${results[size][name].p50.toFixed(0)} ms p95 ${results[size][name].p95.toFixed(0)} ms`);
    }
  } finally {
    app.stop();
    await db.stop();
  }
}

const names = Object.keys(results[SIZES[0]]);
const lines = [
  `page benchmark — ${new Date().toISOString()} — warm server response time over ${REQUESTS} requests, 2-core machine`,
  `| page | ${SIZES.map((s) => `${(s / 1e6).toFixed(s < 1e6 ? 1 : 0)}M events p50 / p95 (ms)`).join(" | ")} |`,
  `|---|${SIZES.map(() => "---:").join("|")}|`,
  ...names.map((n) => `| ${n} | ${SIZES.map((s) => `${results[s][n].p50.toFixed(0)} / ${results[s][n].p95.toFixed(0)}`).join(" | ")} |`),
];
const largest = results[Math.max(...SIZES)];
const worst = Math.max(...Object.values(largest).map((r) => r.p95));
lines.push("", `target p95 ≤ 300 ms for every page at the largest size: ${worst <= 300 ? "MET" : "NOT MET"} (worst ${worst.toFixed(0)} ms)`);
console.log(lines.join("\n"));
mkdirSync("bench-results", { recursive: true });
writeFileSync(`bench-results/pages-${Date.now()}.json`, JSON.stringify(results, null, 2));
