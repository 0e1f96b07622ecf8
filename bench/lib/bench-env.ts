// A throwaway, production-configured environment for benchmarks: embedded PostgreSQL (durable,
// same settings as `npm start`), migrated, plus helpers to serve the production build on it.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bindDbHandles, createPool, createPrisma } from "../../lib/db/client";
import { freePort, startEmbedded } from "../../lib/db/embedded";
import { ensureDatabase, migrate } from "../../lib/db/migrate";
import { buildIsStale, buildNext, nextBin } from "../../scripts/lib/next-build";

export async function benchDatabase() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-bench-"));
  chmodSync(dir, 0o755);
  // BENCH_PG_STATS=1 loads pg_stat_statements, so a bench can say where PostgreSQL's time went.
  const settings = process.env.BENCH_PG_STATS ? ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all"] : [];
  const server = await startEmbedded({ dir: path.join(dir, "pg"), settings });
  const url = server.url("warden");
  await ensureDatabase(url);
  await migrate(url);
  const pool = createPool(url, 8);
  const prisma = createPrisma(pool);
  bindDbHandles({ pool, prisma });
  // The postmaster's pid, so a bench can measure PostgreSQL's CPU (backends are its children).
  const pgPid = Number(readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  return {
    url, pool, prisma, pgPid,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function serveApp(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<{ url: string; stop: () => void; child: ChildProcess }> {
  const env = { ...process.env, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" };
  if (buildIsStale()) buildNext(env);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under load.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, nextBin(), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...env, DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: "bench", NEXTAUTH_URL: url, ...extraEnv },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child, stop: () => child.kill("SIGTERM") };
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGTERM");
  throw new Error("the app did not start");
}

const TICK_MS = 10; // /proc counts CPU in USER_HZ ticks, 100 per second on Linux

/**
 * CPU milliseconds used so far by a process and its children: its own time, the time of children
 * that exited (cutime, cstime) and that of live children. Linux only; 0 elsewhere.
 */
export function treeCpuMs(root: number): number {
  let ticks = 0;
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const name of names) {
    if (name.charCodeAt(0) > 57) continue; // not a pid
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile, or not a process
    }
    // After "pid (comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(name) === root || Number(f[1]) === root) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks * TICK_MS;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
