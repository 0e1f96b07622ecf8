// `npm run bench:detections -- [--events 10000000] [--findings 100000] [--requests 20]`: on the
// bench estate of that size (.data-bench/, shared with bench:pages), times every scheduled
// detector against a same-run reference (one pass over the raw events), then fills the findings
// table to the given size and times the findings pages as a signed-in admin, with the identities
// page (an existing page of the same shape) as the same-run reference.
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SYSTEM } from "../lib/auth/roles";
import { backfillDetections } from "../lib/detections/backfill";
import { runDetectors } from "../lib/detections/run-detectors";
import { DETECTOR_IDS } from "../lib/detections/catalogue";
import { percentile, serveApp } from "./lib/bench-env";
import { estate, signIn, timedGet } from "./lib/estate";

const { values } = parseArgs({ options: { events: { type: "string", default: "10000000" }, findings: { type: "string", default: "100000" }, requests: { type: "string", default: "20" } } });
const EVENTS = Number(values.events), FINDINGS = Number(values.findings), REQUESTS = Number(values.requests);
const log = (m: string) => console.error(`bench: ${m}`);
const ms = (t: number) => `${Math.round(t).toLocaleString("en-US")} ms`;

const db = await estate(EVENTS);
try {
  const t0 = performance.now();
  const events = Number((await db.pool.query("SELECT count(*) AS n FROM audit_events")).rows[0].n);
  const scan = performance.now() - t0;
  log(`reference: one pass over ${events.toLocaleString("en-US")} events in ${ms(scan)}`);
  // An estate seeded by the generator has not been through ingest: replay the ingest detectors
  // over its events once (timed, not a target), so shared-credential has its memory to read.
  let backfill: { ms: number; events: number } | null = null;
  if (!(await db.pool.query("SELECT EXISTS (SELECT 1 FROM credential_sources) AS any")).rows[0].any) {
    const t = performance.now();
    const now = new Date();
    const r = await backfillDetections({ actor: SYSTEM }, { from: new Date(now.getTime() - 31 * 86_400_000), to: new Date(now.getTime() + 3_600_000) });
    backfill = { ms: performance.now() - t, events: r.events };
    log(`ingest detectors replayed over ${r.events.toLocaleString("en-US")} stored events in ${ms(backfill.ms)}`);
  }
  // Twice: the first run opens the estate's findings, the second is the steady state (updates).
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const r = await runDetectors({ actor: SYSTEM }, {});
    runs.push({ total: performance.now() - t, per: r });
    log(`scheduled detectors, run ${i + 1}: ${ms(runs[i].total)} (${r.map((x) => `${x.detector} ${x.ms}`).join(", ")})`);
  }

  // The findings table at the asked size: the estate's own plus generated ones spread over the
  // identities, detectors, severities and states a queue holds (and their audit rows, for the trend).
  const have = Number((await db.pool.query("SELECT count(*) AS n FROM findings")).rows[0].n);
  if (have < FINDINGS) {
    log(`adding ${(FINDINGS - have).toLocaleString("en-US")} findings`);
    await db.pool.query(`
      WITH ids AS (SELECT array_agg(id) AS a FROM identities), det AS (SELECT $2::text[] AS d),
      ins AS (
        INSERT INTO findings (dedup_key, detector, severity, status, identity_id, subject, title, detail, first_seen_at, last_seen_at, occurrences)
        SELECT 'bench|' || g, det.d[1 + g % array_length(det.d, 1)], (ARRAY['low','medium','high','critical']::severity[])[1 + (g * 7) % 4],
               (ARRAY['open','open','acknowledged','resolved','suppressed']::finding_status[])[1 + (g * 3) % 5],
               ids.a[1 + g % array_length(ids.a, 1)], 'bench-' || g, 'Bench finding ' || g,
               jsonb_build_object('rule', 'bench', 'inputs', jsonb_build_object('n', g), 'coverage', 'bench'),
               now() - make_interval(hours => g % 720), now() - make_interval(mins => g % 43200), 1 + g % 50
          FROM generate_series(1, $1::int) g, ids, det
        RETURNING id, first_seen_at
      )
      INSERT INTO warden_audit_log (actor_type, actor_label, action, target_type, target_id, at, detail)
      SELECT 'system', 'bench', 'finding.raise', 'finding', id::text, first_seen_at, '{}' FROM ins ORDER BY first_seen_at`,
      [FINDINGS - have, DETECTOR_IDS]);
    await db.pool.query("ANALYZE findings, warden_audit_log");
  }
  const [one] = (await db.pool.query("SELECT id FROM findings ORDER BY last_seen_at DESC LIMIT 1")).rows;
  const pages: [string, string][] = [
    ["findings", "/findings"],
    ["findings (high+, one detector)", "/findings?minSeverity=high&detector=unused-grants"],
    ["findings (any status, by last seen, page 20)", "/findings?status=all&sort=lastSeen&page=20"],
    ["finding page", `/findings/${one.id}`],
    ["GET /api/v1/findings?limit=100", "/api/v1/findings?limit=100"],
    ["identities (reference)", "/identities"],
  ];
  const app = await serveApp(db.url);
  const results: Record<string, { p50: number; p95: number }> = {};
  try {
    const cookie = await signIn(app.url);
    for (const [name, path] of pages) {
      const once = () => timedGet(app.url, cookie, path);
      for (let i = 0; i < 3; i++) await once();
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) times.push(await once());
      times.sort((a, b) => a - b);
      results[name] = { p50: percentile(times, 50), p95: percentile(times, 95) };
      log(`${name}: p50 ${results[name].p50.toFixed(0)} ms p95 ${results[name].p95.toFixed(0)} ms`);
    }
  } finally {
    app.stop();
  }
  const total = Number((await db.pool.query("SELECT count(*) AS n FROM findings")).rows[0].n);
  const steady = runs[1];
  const worst = Math.max(...Object.entries(results).filter(([n]) => !n.includes("reference")).map(([, r]) => r.p95));
  const lines = [
    `detections benchmark — ${new Date().toISOString()} — ${events.toLocaleString("en-US")} events, ${total.toLocaleString("en-US")} findings, 2-core machine`,
    `| scheduled detector | first run | second run |`,
    `|---|---:|---:|`,
    ...runs[0].per.map((r, i) => `| ${r.detector} | ${ms(r.ms)} | ${ms(steady.per[i].ms)} |`),
    `| **all** | **${ms(runs[0].total)}** | **${ms(steady.total)}** |`,
    ``,
    `reference, same run: one pass over the events (count(*)) ${ms(scan)}`,
    ...(backfill ? [`ingest detectors replayed over the ${backfill.events.toLocaleString("en-US")} stored events (once, not a target): ${ms(backfill.ms)}`] : []),
    `target all scheduled detectors ≤ 60 s: ${Math.max(runs[0].total, steady.total) <= 60_000 ? "MET" : "NOT MET"}`,
    ``,
    `| page (${REQUESTS} requests, warm) | p50 | p95 |`,
    `|---|---:|---:|`,
    ...Object.entries(results).map(([n, r]) => `| ${n} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} |`),
    ``,
    `target findings pages p95 ≤ 300 ms with ${total.toLocaleString("en-US")} findings: ${worst <= 300 ? "MET" : "NOT MET"} (worst ${worst.toFixed(0)} ms)`,
  ];
  console.log(lines.join("\n"));
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(`bench-results/detections-${Date.now()}.json`, JSON.stringify({ events, total, runs, scan, results }, null, 2));
} finally {
  await db.stop();
}
