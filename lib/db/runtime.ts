// Opens Warden's database for a command-line process: DATABASE_URL when set, otherwise the
// embedded cluster under WARDEN_DATA_DIR (started here, stopped by close()). Migrations are
// applied before the URL is handed out, so every entry point sees the current schema.
import path from "node:path";
import pg from "pg";
import { env } from "../env";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import { embeddedUrl, freePort, startEmbedded, type EmbeddedServer } from "./embedded";
import { ensureDatabase, migrate } from "./migrate";

export type OpenDatabase = { url: string; embedded: boolean; close: () => Promise<void> };

export class DatabaseUnavailableError extends Error {}

const EMBEDDED_PORT = 54329;

function describeTarget(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)}`;
}

/** Fails with one readable line when the server cannot be reached or refuses us. */
export async function checkConnection(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "ECONNREFUSED" ? "connection refused (is PostgreSQL running?)"
      : err.code === "ENOTFOUND" ? "host not found"
      : err.code === "3D000" ? "database does not exist"
      : err.code === "28P01" ? "password authentication failed"
      : err.message;
    throw new DatabaseUnavailableError(`cannot reach the database at ${describeTarget(url)}: ${why}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The port of the cluster already running on *this* data directory (e.g. `npm start` while
 * `npm run seed` runs in another terminal), read from its postmaster.pid — never just whatever
 * answers on the default port, which could be another checkout's cluster.
 */
function runningClusterPort(dir: string): number | undefined {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return undefined; // stale pid file: PostgreSQL removes it on start
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

export async function openDatabase(opts: { log?: (m: string) => void } = {}): Promise<OpenDatabase> {
  const log = opts.log ?? (() => {});
  const cfg = env();
  let server: EmbeddedServer | undefined;
  let url = cfg.DATABASE_URL;
  if (!url) {
    const dir = path.resolve(cfg.WARDEN_DATA_DIR, "pg");
    const running = runningClusterPort(dir);
    if (running) {
      // Another Warden process owns this cluster: share it rather than start a second one.
      url = embeddedUrl(running);
    } else {
      const port = (await portFree(EMBEDDED_PORT)) ? EMBEDDED_PORT : await freePort();
      log(`starting embedded PostgreSQL in ${dir} (port ${port})`);
      server = await startEmbedded({ dir, port });
      url = server.url("warden");
      await ensureDatabase(url);
    }
  }
  try {
    await checkConnection(url);
    await migrate(url, log);
  } catch (e) {
    await server?.stop();
    throw e;
  }
  return { url, embedded: !!server, close: async () => void (await server?.stop()) };
}
