// `npm run bench:ingest`: ingests canonical events through the HTTP API with concurrent batches
// and, in the same run and into the same table, measures a raw COPY of the same rows (the
// physical reference, median of three runs) and a naive Prisma createMany (the baseline).
import { randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { SYSTEM } from "../lib/auth/roles";
import { createIngestKey } from "../lib/ingest-keys/create-key";
import { CopyBinaryWriter } from "../lib/ingest/copy-binary";
import { benchDatabase, percentile, serveApp, treeCpuMs } from "./lib/bench-env";
import { INGEST_DETECTORS } from "../lib/detections/ingest-detectors";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    batch: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "4" },
    "baseline-rows": { type: "string", default: "100000" },
    // The events' time span: 24 h replays a day of history (every batch brings new rollup keys);
    // a few minutes is a live stream, where batches share their rollup keys.
    "span-hours": { type: "string", default: "24" },
  },
});
const N = Number(values.events), BATCH = Number(values.batch), CONC = Number(values.concurrency);
const BASELINE = Math.min(N, Number(values["baseline-rows"]));
const IDENTITIES = 1000, SCOPES = 300;
// An estate's audit traffic (a day by default, see --span-hours), replayed in time order (how a
// log shipper sends it): a few busy workloads produce most events (Zipf, s = 1.1, over 1,000
// identities), each identity calls
// its own handful of scopes (3-12 of 300), ~2% of calls are denied and ~0.5% fail. Rollups exist
// because identity x scope x hour repeats; a generator where every event is a new combination
// would measure a workload no estate has.
const SPAN = Number(values["span-hours"]) * 3_600_000;
const T0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 - Math.ceil(SPAN / 3_600_000) * 3_600_000 - 3_600_000;
const log = (m: string) => console.error(`bench: ${m}`);

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ZIPF_CDF = (() => {
  const w = Array.from({ length: IDENTITIES }, (_, k) => 1 / Math.pow(k + 1, 1.1));
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
})();
function pickIdentity(u: number): number {
  let lo = 0, hi = IDENTITIES - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF_CDF[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const scopesOf = (id: number) => Array.from({ length: 3 + (id % 10) }, (_, j) => (id * 37 + j * 11) % SCOPES);

function event(i: number) {
  const rand = mulberry32(i + 1);
  const id = pickIdentity(rand());
  const own = scopesOf(id);
  const scope = own[Math.floor(rand() * own.length)];
  const r = rand();
  const decision = r < 0.02 ? "deny" : r < 0.025 ? "error" : "allow";
  return {
    eventId: `bench-${i}`, source: "bench", occurredAt: new Date(T0 + Math.floor((i * SPAN) / N)).toISOString(),
    identity: `svc-bench-${id}`, credentialRef: `AKIABENCH${String(id).padStart(8, "0")}`,
    action: `GET /api/resource-${scope}`, resource: `res-${scope}/${i % 97}`, scope: `bench:scope-${scope}`,
    decision, sourceIp: `10.0.${id % 250}.${scope % 250}`,
    userAgent: "bench-client/1.0", method: "GET", path: `/api/resource-${scope}`, status: decision === "deny" ? 403 : decision === "error" ? 500 : 200,
    sessionId: `s-${id}-${Math.floor(i / 50)}`,
  };
}

async function seedInventory(pool: import("pg").Pool) {
  await pool.query(`INSERT INTO scopes (name, resource, risk_class, provider)
    SELECT 'bench:scope-' || g, 'res-' || g, (ARRAY['read','write','admin','export']::risk_class[])[1 + g % 4], 'bench'
    FROM generate_series(0, ${SCOPES - 1}) g`);
  await pool.query(`INSERT INTO identities (external_id, name, kind, actor_type, provider, environment, status)
    SELECT 'svc-bench-' || g, 'svc-bench-' || g, 'service_account', 'nhi', 'internal', 'prod', 'active'
    FROM generate_series(0, ${IDENTITIES - 1}) g`);
  await pool.query(`INSERT INTO credentials (identity_id, type, fingerprint, issued_at, status)
    SELECT id, 'access_key', 'AKIABENCH' || lpad(substring(external_id from 11), 8, '0'), now() - interval '30 days', 'active' FROM identities`);
  // Every other scope an identity calls is granted: the grant check has real work to do, and
  // half the traffic is used-without-grant.
  const grants = [];
  for (let id = 0; id < IDENTITIES; id++) for (const [j, sc] of scopesOf(id).entries()) if (j % 2 === 0) grants.push([id, sc]);
  await pool.query(`INSERT INTO grants (identity_id, scope_id, granted_by, granted_at)
    SELECT DISTINCT i.id, s.id, 'bench', now() - interval '400 days'
      FROM unnest($1::int[], $2::int[]) AS g(ident, scope)
      JOIN identities i ON i.external_id = 'svc-bench-' || g.ident JOIN scopes s ON s.name = 'bench:scope-' || g.scope`,
    [grants.map((g) => g[0]), grants.map((g) => g[1])]);
}

// The client shares the machine's two cores with the server and PostgreSQL, so it stays light:
// batches are encoded to bytes before the clock starts and sent with node:http over kept-alive
// sockets. With fetch (which copies each 1.7 MB body) the client took ~12 % of the machine's CPU
// in a perf sample; now ~1 %.
function post(agent: http.Agent, url: URL, key: string, body: Buffer): Promise<{ status: number; retryAfter: number; json: { accepted?: number; detail?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST", agent,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": body.length },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        try {
          resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers["retry-after"] ?? 1), json: JSON.parse(Buffer.concat(chunks).toString()) });
        } catch (e) {
          reject(e);
        }
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function viaApi(url: string, key: string, pool: import("pg").Pool) {
  const batches: Buffer[] = [];
  for (let s = 0; s < N; s += BATCH) {
    const evs = [];
    for (let i = s; i < Math.min(N, s + BATCH); i++) evs.push(event(i));
    batches.push(Buffer.from(JSON.stringify(evs)));
  }
  log(`API: ${batches.length} batches ready, sending`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
  const endpoint = new URL(`${url}/api/v1/events`);
  const latencies: number[] = [];
  let next = 0, accepted = 0, retries = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONC }, async () => {
    while (next < batches.length) {
      const body = batches[next++];
      for (;;) {
        const t = performance.now();
        const res = await post(agent, endpoint, key, body);
        if (res.status === 429 || res.status === 503) {
          retries++;
          await new Promise((r) => setTimeout(r, 1000 * res.retryAfter));
          continue;
        }
        if (res.status !== 200) throw new Error(`batch failed: ${res.status} ${res.json.detail}`);
        latencies.push(performance.now() - t);
        accepted += res.json.accepted ?? 0;
        break;
      }
    }
  }));
  agent.destroy();
  // The run ends when the rollups and findings are whole: the server folds the last batches'
  // rollup deltas and finding candidates a moment after they commit, and that work counts.
  while ((await pool.query("SELECT EXISTS (SELECT 1 FROM event_rollup_deltas) OR EXISTS (SELECT 1 FROM finding_candidates) AS pending")).rows[0].pending) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const secs = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { secs, rate: N / secs, accepted, retries, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// The reference takes the same path into PostgreSQL as ingest: a binary COPY (copy-binary.ts).
async function viaCopy(pool: import("pg").Pool, identityIds: string[]) {
  const received = Date.now();
  const w = new CopyBinaryWriter(16 << 20);
  const chunks: Buffer[] = [];
  for (let i = 0; i < N; i++) {
    const e = event(i);
    w.row(19);
    w.text(e.source);
    w.text(e.eventId);
    w.timestamp(Date.parse(e.occurredAt));
    w.timestamp(received);
    w.uuid(identityIds[Number(e.identity.slice(10))]);
    w.text(e.identity);
    w.text("nhi");
    for (const v of [e.credentialRef, e.action, e.resource, e.scope, e.decision, e.sourceIp, e.userAgent, e.method, e.path]) w.text(v);
    w.int4(e.status);
    w.text(e.sessionId);
    w.text("prod");
    if (i % 10_000 === 9_999) chunks.push(w.take());
  }
  chunks.push(w.finish());
  const client = await pool.connect();
  const started = performance.now();
  try {
    const stream = client.query(copyFrom(`COPY audit_events (source, event_id, occurred_at, received_at, identity_id, identity_ref,
      actor_type, credential_ref, action, resource, scope, decision, source_ip, user_agent, method, path, status, session_id, environment)
      FROM STDIN (FORMAT binary)`));
    await pipeline(Readable.from(chunks), stream);
  } finally {
    client.release();
  }
  const secs = (performance.now() - started) / 1000;
  return { secs, rate: N / secs };
}

async function viaPrisma(prisma: import("../lib/db/client").Db, identityIds: string[]) {
  const received = new Date();
  const started = performance.now();
  for (let s = 0; s < BASELINE; s += 1000) {
    const data = [];
    for (let i = s; i < Math.min(BASELINE, s + 1000); i++) {
      const e = event(i);
      data.push({ ...e, occurredAt: new Date(e.occurredAt), receivedAt: received, identityId: identityIds[Number(e.identity.slice(10))], identityRef: e.identity,
        identity: undefined, actorType: "nhi" as const, decision: e.decision as "allow" | "deny", environment: "prod" });
    }
    await prisma.auditEvent.createMany({ data: data.map(({ identity: _drop, ...rest }) => rest), skipDuplicates: true });
  }
  const secs = (performance.now() - started) / 1000;
  return { secs, rate: BASELINE / secs };
}

const db = await benchDatabase();
try {
  await seedInventory(db.pool);
  const { rows } = await db.pool.query<{ id: string }>("SELECT id FROM identities ORDER BY substring(external_id from 11)::int");
  const identityIds = rows.map((r) => r.id);
  await db.pool.query("SELECT warden_ensure_event_partitions($1, $2)", [new Date(T0), new Date(T0 + SPAN)]);
  const { key } = await createIngestKey({ actor: SYSTEM }, { name: `bench-${randomUUID().slice(0, 8)}` });

  // The physical reference is the median of three COPY runs, one before and two after the API
  // run: a single COPY of these rows swung between 56k and 87k rows/s from run to run here.
  const copies = [];
  log(`COPY 1/3: ${N} rows`);
  copies.push(await viaCopy(db.pool, identityIds));
  await db.pool.query("TRUNCATE audit_events, event_rollups_hourly, event_rollup_deltas");

  // Two API runs into the same table: ingest detectors on (as shipped), then off (detector_settings),
  // so their cost is measured against a same-run baseline. Each run gets a fresh server process.
  const apiRun = async (label: string) => {
    log(`API (${label}): ${N} events in batches of ${BATCH}, ${CONC} concurrent`);
    const app = await serveApp(db.url);
    try {
      const before = { app: treeCpuMs(app.child.pid!), pg: treeCpuMs(db.pgPid) };
      const r = await viaApi(app.url, key, db.pool);
      return { ...r, cpu: { appUs: ((treeCpuMs(app.child.pid!) - before.app) * 1000) / N, pgUs: ((treeCpuMs(db.pgPid) - before.pg) * 1000) / N } };
    } finally {
      app.stop();
    }
  };
  if (process.env.BENCH_PG_STATS) await db.pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");
  const pgStats = async (label: string) => {
    if (!process.env.BENCH_PG_STATS) return;
    console.log(`PostgreSQL statements, ${label}:`);
    console.table((await db.pool.query(`SELECT calls, round(total_exec_time) AS ms, round((total_exec_time * 1000 / ${N})::numeric, 2) AS us_per_event,
      left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 14`)).rows);
    await db.pool.query("SELECT pg_stat_statements_reset()");
  };
  const withDetectors = await apiRun("detectors on");
  await pgStats("detectors on");
  const findingsRaised = Number((await db.pool.query("SELECT count(*) FROM findings")).rows[0].count);
  await db.pool.query("TRUNCATE audit_events, event_rollups_hourly, event_rollup_deltas, credential_sources, finding_candidates, findings CASCADE");
  await db.pool.query(`INSERT INTO detector_settings (detector, enabled, updated_by)
    SELECT unnest($1::text[]), false, 'bench' ON CONFLICT (detector) DO UPDATE SET enabled = false`,
    // shared-credential (scheduled) reads the same source memory ingest keeps: off as well.
    [[...INGEST_DETECTORS.map((d) => d.id), "shared-credential"]]);
  const withoutDetectors = await apiRun("detectors off");
  await pgStats("detectors off");
  await db.pool.query("DELETE FROM detector_settings WHERE updated_by = 'bench'");
  const api = withDetectors;
  const cpu = withDetectors.cpu;
  if (process.env.BENCH_PG_STATS) {
    // Statement time includes waits (locks, the client's COPY data), so it is a guide, not CPU.
    console.table((await db.pool.query(`SELECT calls, round(total_exec_time) AS ms, round((total_exec_time * 1000 / ${N})::numeric, 2) AS us_per_event,
      left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12`)).rows);
    console.table((await db.pool.query(`SELECT relname AS "table", n_tup_ins AS inserted, n_tup_upd AS updated, n_tup_hot_upd AS hot_updated, n_tup_del AS deleted
      FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY relname`)).rows);
  }
  const stored = Number((await db.pool.query("SELECT count(*) FROM audit_events")).rows[0].count);
  if (stored !== N) throw new Error(`expected ${N} stored events, found ${stored}`);
  const rolled = Number((await db.pool.query("SELECT coalesce(sum(events), 0) AS n FROM identity_events_daily")).rows[0].n);
  if (rolled !== N) throw new Error(`expected ${N} events in the folded rollups, found ${rolled}`);

  for (const k of [2, 3]) {
    await db.pool.query("TRUNCATE audit_events, event_rollups_hourly, event_rollup_deltas");
    log(`COPY ${k}/3: ${N} rows`);
    copies.push(await viaCopy(db.pool, identityIds));
  }
  const copy = [...copies].sort((x, y) => x.rate - y.rate)[1];
  await db.pool.query("TRUNCATE audit_events, event_rollups_hourly, event_rollup_deltas");
  log(`Prisma createMany: ${BASELINE} rows`);
  const prisma = await viaPrisma(db.prisma, identityIds);

  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const cores = os.availableParallelism();
  const lines = [
    `ingest benchmark — ${new Date().toISOString()} — ${N.toLocaleString("en-US")} canonical events over ${values["span-hours"]} h, batch ${BATCH}, concurrency ${CONC}, ${process.env.HOSTNAME ?? "this machine"} (${cores} cores)`,
    `| path | rows | seconds | rows/s |`,
    `|---|---:|---:|---:|`,
    `| HTTP API (validate, resolve, enrich, rollups) | ${fmt(N)} | ${api.secs.toFixed(1)} | ${fmt(api.rate)} |`,
    `| raw COPY (physical reference, median of 3) | ${fmt(N)} | ${copy.secs.toFixed(1)} | ${fmt(copy.rate)} |`,
    `| Prisma createMany (naive baseline) | ${fmt(BASELINE)} | ${prisma.secs.toFixed(1)} | ${fmt(prisma.rate)} |`,
    ``,
    `| HTTP API, ingest detectors off (same run) | ${fmt(N)} | ${withoutDetectors.secs.toFixed(1)} | ${fmt(withoutDetectors.rate)} |`,
    ``,
    `API / COPY = ${((api.rate / copy.rate) * 100).toFixed(0)}% (target ≥ 40%) · API / createMany = ${(api.rate / prisma.rate).toFixed(1)}×`,
    `ingest detectors: ${withDetectors.rate < withoutDetectors.rate ? `cost ${(((withoutDetectors.rate - withDetectors.rate) / withoutDetectors.rate) * 100).toFixed(1)} %` : "no measurable cost"} of throughput ` +
      `(${fmt(withDetectors.rate)} vs ${fmt(withoutDetectors.rate)} events/s; target ≤ 10 %); CPU per event (app + PostgreSQL) ${withDetectors.cpu.appUs.toFixed(1)} + ${withDetectors.cpu.pgUs.toFixed(1)} = ${(withDetectors.cpu.appUs + withDetectors.cpu.pgUs).toFixed(1)} vs ${withoutDetectors.cpu.appUs.toFixed(1)} + ${withoutDetectors.cpu.pgUs.toFixed(1)} = ${(withoutDetectors.cpu.appUs + withoutDetectors.cpu.pgUs).toFixed(1)} µs (${((((withDetectors.cpu.appUs + withDetectors.cpu.pgUs) / (withoutDetectors.cpu.appUs + withoutDetectors.cpu.pgUs)) - 1) * 100).toFixed(1)} %); ${findingsRaised} findings raised`,
    `COPY runs (before the API, after it, after that): ${copies.map((c) => fmt(c.rate)).join(", ")} rows/s`,
    `API batch latency: p50 ${api.p50.toFixed(0)} ms, p99 ${api.p99.toFixed(0)} ms; 429/503 retries: ${api.retries}`,
    `CPU per event in the API run: app server ${cpu.appUs.toFixed(1)} µs, PostgreSQL ${cpu.pgUs.toFixed(1)} µs, together ${(cpu.appUs + cpu.pgUs).toFixed(1)} µs; ` +
      `${cores} cores give ${((cores * 1e6) / 50_000).toFixed(0)} µs per event at 50,000 events/s`,
    `target ≥ 50,000 events/s through the API: ${api.rate >= 50_000 ? "MET" : "NOT MET"}; ≥ 40% of COPY: ${api.rate >= 0.4 * copy.rate ? "MET" : "NOT MET"}`,
  ];
  console.log(lines.join("\n"));
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(`bench-results/ingest-${Date.now()}.json`, JSON.stringify({ N, BATCH, CONC, api, cpu, withoutDetectors, copy, copies, prisma }, null, 2));
} finally {
  await db.close();
}
