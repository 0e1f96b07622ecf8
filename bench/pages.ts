// `npm run bench:pages -- [--events 1000000,10000000] [--requests 20] [--only over-privilege]`: seeds (or reuses, under
// .data-bench/) an estate per size, serves the production build on it, signs in over HTTP and
// measures the warm server response time of each page, default and filtered: p50/p95.
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { STORIES } from "../prisma/seed";
import { percentile, serveApp } from "./lib/bench-env";
import { estate, signIn, timedGet } from "./lib/estate";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000,10000000" },
    requests: { type: "string", default: "20" },
    "seed-only": { type: "boolean", default: false },
    /** Comma-separated substrings of page names, e.g. `--only over-privilege,denials`. */
    only: { type: "string", default: "" },
  },
});
const SIZES = values.events!.split(",").map(Number);
const REQUESTS = Number(values.requests);
/** Every identity of the estate as a heatmap row: the 500 × 300 case the heatmap target names. */
const HEATMAP_FULL = "over-privilege (all 500 rows)";
const log = (m: string) => console.error(`bench: ${m}`);

async function measure(base: string, cookie: string, pathQ: string) {
  const once = () => timedGet(base, cookie, pathQ);
  for (let i = 0; i < 3; i++) await once(); // warm
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/**
 * The baseline, in the same run: the heatmap's usage figures (uses, denials, uses without grant
 * per identity × scope over 30 days) counted from the raw events, as a naive build would, against
 * the same figures from the daily rollups the page reads. Median of three runs each.
 */
async function rawBaseline(pool: import("pg").Pool): Promise<{ raw: number; rollup: number }> {
  const from = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 29 * 86_400_000);
  const time = async (sql: string) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await pool.query(sql, [from]);
      runs.push(performance.now() - t);
    }
    return runs.sort((a, b) => a - b)[1];
  };
  return {
    raw: await time(`SELECT identity_id, scope, count(*) FILTER (WHERE decision <> 'deny'), count(*) FILTER (WHERE decision = 'deny'),
                            count(*) FILTER (WHERE decision <> 'deny' AND NOT granted)
                       FROM audit_events WHERE occurred_at >= $1 AND scope IS NOT NULL GROUP BY 1, 2`),
    rollup: await time(`SELECT identity_id, scope, sum(events - denials), sum(denials), sum(ungranted_uses)
                          FROM event_rollups_daily WHERE day >= $1::date AND scope <> '' GROUP BY 1, 2`),
  };
}

/**
 * The heatmap's first request of a day (or after late events reached back into closed days):
 * it recounts the closed-day usage sums (lib/analytics/usage-windows.ts) before answering.
 * Median of three requests, each after marking the sums stale.
 */
async function recountRequest(base: string, cookie: string, pool: import("pg").Pool, pathQ: string): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    await pool.query("UPDATE usage_window_state SET fresh = false");
    runs.push(await timedGet(base, cookie, pathQ));
  }
  return runs.sort((a, b) => a - b)[1];
}

const results: Record<string, Record<string, { p50: number; p95: number }>> = {};
const recounts: Record<string, number> = {};
const baselines: Record<string, { raw: number; rollup: number }> = {};
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
    ["denials (30d by reason)", "/denials?window=30d&by=reason"],
    ["over-privilege", "/over-privilege"],
    [HEATMAP_FULL, "/over-privilege?n=500"],
    ["over-privilege (90d by team)", "/over-privilege?window=90d&group=team&n=100"],
  ];
  const only = values.only!.split(",").filter(Boolean);
  // A partial run (--only) is for iterating on some pages: it skips the slow raw-events baseline.
  baselines[size] = only.length ? { raw: Number.NaN, rollup: Number.NaN } : await rawBaseline(db.pool);
  log(`${size} heatmap usage: raw events ${baselines[size].raw.toFixed(0)} ms, daily rollups ${baselines[size].rollup.toFixed(0)} ms`);
  const app = await serveApp(db.url);
  try {
    const cookie = await signIn(app.url);
    results[size] = {};
    for (const [name, p] of pages.filter(([n]) => only.length === 0 || only.some((o) => n.includes(o)))) {
      results[size][name] = await measure(app.url, cookie, p);
      log(`${size} ${name}: p50 ${results[size][name].p50.toFixed(0)} ms p95 ${results[size][name].p95.toFixed(0)} ms`);
    }
    const full = pages.find(([n]) => n === HEATMAP_FULL)![1];
    if (results[size][HEATMAP_FULL]) recounts[size] = await recountRequest(app.url, cookie, db.pool, full);
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
lines.push(
  "",
  "baseline, same run — heatmap usage over 30 days (median of 3): " +
    SIZES.map((s) => `${(s / 1e6).toFixed(s < 1e6 ? 1 : 0)}M: raw events ${baselines[s].raw.toFixed(0)} ms vs daily rollups ${baselines[s].rollup.toFixed(0)} ms (${(baselines[s].raw / baselines[s].rollup).toFixed(0)}×)`).join("; "),
);
if (Object.keys(recounts).length) {
  lines.push(
    "",
    `${HEATMAP_FULL}, first request of the day (recounts the 30 closed days, median of 3): ` +
      SIZES.map((s) => `${(s / 1e6).toFixed(s < 1e6 ? 1 : 0)}M: ${recounts[s]?.toFixed(0)} ms`).join("; "),
  );
}
const largest = results[Math.max(...SIZES)];
const worst = Math.max(...Object.values(largest).map((r) => r.p95));
const heat = largest[HEATMAP_FULL]?.p95 ?? Number.NaN;
lines.push(
  "",
  `target p95 ≤ 300 ms for every page at the largest size: ${worst <= 300 ? "MET" : "NOT MET"} (worst ${worst.toFixed(0)} ms)`,
  `target heatmap 500 identities × 300 scopes ≤ 150 ms: ${heat <= 150 ? "MET" : "NOT MET"} (p95 ${heat.toFixed(0)} ms)`,
);
console.log(lines.join("\n"));
mkdirSync("bench-results", { recursive: true });
writeFileSync(`bench-results/pages-${Date.now()}.json`, JSON.stringify({ results, baselines, recounts }, null, 2));
