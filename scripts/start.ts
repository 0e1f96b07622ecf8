// `npm start`: the one command that brings Warden up on a fresh machine. It validates the
// environment, starts the embedded PostgreSQL when no DATABASE_URL is given, applies migrations,
// seeds the demo estate into an empty embedded database, creates the bootstrap admin, builds the
// app if needed and serves it. `--dev` runs `next dev` instead of a production build.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { bindDbHandles, createPool, createPrisma } from "../lib/db/client";
import { openDatabase } from "../lib/db/runtime";
import { env } from "../lib/env";
import { bootstrapAdmin } from "../lib/users/bootstrap-admin";
import { seedDemoEstate } from "../prisma/seed";
import { SYSTEM } from "../lib/auth/roles";
import { applyRetention } from "../lib/retention/apply-retention";
import { detectStoredEstate } from "../lib/detections/detect-estate";
import { fail, run, UsageError } from "./lib/cli";
import { buildIsStale, buildNext, nextBin } from "./lib/next-build";

const dev = process.argv.includes("--dev");

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
}

/** A per-installation session-signing secret, created once and kept under the data dir. */
function authSecret(dataDir: string, given?: string): string {
  if (given) return given;
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("the web server exited during start-up (see above)");
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the web server did not become healthy within 150 s");
}

await run(async () => {
  const cfg = env();
  if (!(await portFree(cfg.PORT))) {
    throw new UsageError(`port ${cfg.PORT} is already in use; stop what is using it or set PORT to another port`);
  }
  const say = (m: string) => console.log(`warden: ${m}`);
  const database = await openDatabase({ log: say });
  // This process keeps a small pool for the start-up work and the retention schedule below.
  const pool = createPool(database.url, 4);
  const prisma = createPrisma(pool);
  bindDbHandles({ pool, prisma });

  const empty = (await prisma.identity.count()) === 0;
  if (empty && (database.embedded || process.env.WARDEN_DEMO === "1")) {
    say("generating the demo estate (first start)…");
    const summary = await seedDemoEstate(pool, { log: say });
    say(`demo estate: ${summary.identities} identities, ${summary.events} events (${(summary.ms / 1000).toFixed(1)} s)`);
    // The demo's events were loaded, not ingested: run the detectors over them once.
    const found = await detectStoredEstate(SYSTEM, { days: 30 });
    say(`detections: ${found.raised} findings over ${found.events.toLocaleString("en")} events`);
  }
  const admin = await bootstrapAdmin({ email: cfg.WARDEN_ADMIN_EMAIL, password: cfg.WARDEN_ADMIN_PASSWORD });
  // Printed at once, so that a start that fails later (build, port) cannot lose the only copy.
  if (admin.created && admin.password) say(`created the admin account ${admin.email} with password ${admin.password}`);

  const baseUrl = cfg.NEXTAUTH_URL ?? `http://localhost:${cfg.PORT}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: authSecret(path.resolve(cfg.WARDEN_DATA_DIR), cfg.NEXTAUTH_SECRET),
    NEXTAUTH_URL: baseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!dev && buildIsStale()) {
    say("building the web app (first start or changed sources)…");
    buildNext({ ...childEnv, NODE_ENV: "production" });
  }
  const child = spawn(process.execPath, [nextBin(), dev ? "dev" : "start", "-p", String(cfg.PORT)], {
    env: { ...childEnv, NODE_ENV: dev ? "development" : "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill("SIGTERM");
    await database.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 1));

  await waitForHealth(`http://127.0.0.1:${cfg.PORT}`, child).catch(async (e) => {
    await database.close();
    fail(e);
  });
  console.log("");
  console.log(`  Warden is running at ${baseUrl}`);
  if (admin.created && admin.password) {
    console.log(`  Sign in as ${admin.email} with password ${admin.password}`);
    console.log("  (shown once: it is stored only as a hash; set WARDEN_ADMIN_PASSWORD to choose it)");
  } else {
    console.log(`  Sign in as ${admin.email}${admin.created ? " with WARDEN_ADMIN_PASSWORD" : " (existing account; `npm run user -- reset-password <email>` if the password is lost)"}`);
  }
  console.log("  Press Ctrl+C to stop.\n");
  scheduleRetention(say);
});

/** Retention runs a minute after start and then daily, for as long as Warden runs. */
function scheduleRetention(say: (m: string) => void): void {
  const run = async () => {
    try {
      const r = await applyRetention({ actor: SYSTEM }, {});
      const deleted = Object.values(r.deletedRows).reduce((a, b) => a + b, 0);
      if (r.droppedPartitions.length || deleted) say(`retention: dropped ${r.droppedPartitions.length} partitions, deleted ${deleted} events`);
    } catch (e) {
      say(`retention failed: ${(e as Error).message}`);
    }
  };
  setTimeout(() => void run(), 60_000).unref();
  setInterval(() => void run(), 24 * 60 * 60 * 1000).unref();
}
