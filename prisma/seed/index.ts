// Demo estate generator: a realistic NHI inventory plus weeks of canonical audit events with the
// stories in STORIES, loaded with bulk SQL (unnest inserts, streamed COPY) in one transaction.
import type pg from "pg";
import { buildEstate } from "./estate";
import { copyEvents } from "./events/copy";
import { EventFactory } from "./events/factory";
import { generateChunks } from "./events/generate";
import { DAY_MS, HOUR_MS } from "./events/rhythm";
import type { EventRow } from "./events/row";
import { buildRuntimes } from "./events/runtime";
import { guardOrReset } from "./guard";
import { Runner } from "../../lib/db/sql";
import { recomputeRiskScores } from "../../lib/inventory/risk-score";
import { insertInventory } from "./inventory/insert";
import { analyze, buildRollups } from "./post-load";
import { Rng } from "./rng";
import { STORY_BUILDERS } from "./stories";
import type { Estate, SeedOptions, SeedSummary } from "./types";

export { STORIES, type StoryName } from "./stories";
export { SeedRefusedError } from "./guard";
export type { SeedOptions, SeedSummary } from "./types";

export const SEED_DEFAULTS = { identities: 500, events: 300_000, days: 30, seed: 42 } as const;
export const SEED_LIMITS = {
  identities: [50, 100_000], events: [10_000, 200_000_000], days: [7, 400],
} as const satisfies Record<string, readonly [number, number]>;

function checkRange(name: keyof typeof SEED_LIMITS, v: number): number {
  const [lo, hi] = SEED_LIMITS[name];
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer from ${lo} to ${hi}, got ${v}`);
  return v;
}

function progress(total: number, log: (m: string) => void): (rows: number) => void {
  const t0 = Date.now();
  let last = t0;
  return (rows) => {
    const t = Date.now();
    if (t - last < 3_000) return;
    last = t;
    const rate = Math.round(rows / ((t - t0) / 1000));
    log(`events: ${rows.toLocaleString("en")} / ${total.toLocaleString("en")} (${rate.toLocaleString("en")}/s)`);
  };
}

export async function seedDemoEstate(pool: pg.Pool, opts: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const identities = checkRange("identities", opts.identities ?? SEED_DEFAULTS.identities);
  const total = checkRange("events", opts.events ?? SEED_DEFAULTS.events);
  const days = checkRange("days", opts.days ?? SEED_DEFAULTS.days);
  const seed = opts.seed ?? SEED_DEFAULTS.seed;
  // Rounded down to the hour: hourly chunks then never straddle two daily partitions.
  const now = new Date(Math.floor((opts.now ?? new Date()).getTime() / HOUR_MS) * HOUR_MS);
  const windowStart = now.getTime() - days * DAY_MS;
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const t = performance.now();
    phases[name] = Math.round(t - mark);
    mark = t;
  };

  const estate = buildEstate({ identities, days, seed, now });
  const client = await pool.connect();
  let loaded: { events: number; rollupRows: number };
  try {
    await client.query("BEGIN");
    // One transaction: a failed seed leaves nothing behind. The load is rebuildable, so no need
    // to wait for WAL flushes; timezone pinned so date_trunc('hour') is UTC whatever the server.
    await client.query("SET LOCAL synchronous_commit = off");
    await client.query("SET LOCAL timezone = 'UTC'");
    await client.query("SET LOCAL work_mem = '128MB'");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('warden_seed'))");
    await guardOrReset(client, opts.reset ?? false, log);
    await insertInventory(client, estate);
    await recomputeRiskScores(new Runner(client, true), now);
    phase("inventory");
    log(`inventory: ${estate.owners.length} owners, ${estate.identities.length} identities, ${estate.credentials.length} credentials, ${estate.scopes.length} scopes, ${estate.grants.length} grants`);
    const events = await loadEvents(client, estate, { seed, total, days, now: now.getTime(), windowStart, log });
    phase("events");
    log(`events: ${events.toLocaleString("en")} copied in ${(phases.events / 1000).toFixed(1)}s`);
    const rollupRows = await buildRollups(client, new Date(windowStart), now, log);
    await client.query("COMMIT");
    phase("rollups");
    loaded = { events, rollupRows };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  await analyze(pool);
  phase("analyze");
  return {
    owners: estate.owners.length, identities: estate.identities.length, credentials: estate.credentials.length,
    scopes: estate.scopes.length, grants: estate.grants.length, ...loaded,
    ms: Math.round(performance.now() - started), phases,
  };
}

/** Partitions, the scripted story events, then the background stream — all through COPY. */
async function loadEvents(
  client: pg.PoolClient, estate: Estate,
  o: { seed: number; total: number; days: number; now: number; windowStart: number; log: (m: string) => void },
): Promise<number> {
  await client.query("SELECT warden_ensure_event_partitions($1, $2)", [new Date(o.windowStart), new Date(o.now + DAY_MS)]);
  const rng = new Rng(o.seed);
  const runtimes = buildRuntimes(estate, rng.fork("targets"));
  const byExternalId = new Map(runtimes.map((rt) => [rt.identity.externalId, rt]));
  const factory = new EventFactory(rng.fork("events"), new Map(estate.scopes.map((s) => [s.name, s])));
  const storyEvents: EventRow[] = [];
  for (const [name, story] of Object.entries(STORY_BUILDERS)) {
    storyEvents.push(...(story.events?.({
      factory, rng: rng.fork(`story-events:${name}`), now: o.now, windowStart: o.windowStart,
      runtime: (id) => byExternalId.get(id) ?? raise(`story ${name}: no identity ${id}`),
    }) ?? []));
  }
  const chunks = generateChunks({
    runtimes, factory, rng: rng.fork("background-events"), seed: o.seed, now: o.now, days: o.days, total: o.total,
    storyEvents, onHour: progress(o.total, o.log),
  });
  return copyEvents(client, chunks, o.windowStart, o.now);
}

function raise(message: string): never {
  throw new Error(message);
}
