// Prisma client (driver adapter over node-postgres) and the shared pg pool used for bulk SQL.
// One pool per process: both Prisma and raw bulk statements draw from it.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;

export function createPool(url: string, max = 10): pg.Pool {
  // UTC sessions: hourly rollups truncate timestamps, which depends on the session time zone.
  const p = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, options: "-c TimeZone=UTC" });
  // An idle connection dies when the server restarts; without a listener that would crash the
  // process. The pool drops the client and the next query reconnects.
  p.on("error", (e) => console.warn(`warden: database connection lost (${e.message}); reconnecting on next use`));
  return p;
}

export function createPrisma(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

type Handles = { pool: pg.Pool; prisma: PrismaClient };
const globalForDb = globalThis as unknown as { wardenDb?: Handles };

function databaseUrl(): string {
  // Read lazily: the start script sets DATABASE_URL for the server it spawns (embedded or not).
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Warden with `npm start`");
  return url;
}

function handles(): Handles {
  globalForDb.wardenDb ??= (() => {
    const pool = createPool(databaseUrl(), 20);
    return { pool, prisma: createPrisma(pool) };
  })();
  return globalForDb.wardenDb;
}

export const db = (): PrismaClient => handles().prisma;
export const pool = (): pg.Pool => handles().pool;

/** Tests bind the process-wide handles to their own suite database. */
export function bindDbHandles(h: Handles): void {
  globalForDb.wardenDb = h;
}
