// Per-suite real PostgreSQL database: created fresh, migrated, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPool, createPrisma, bindDbHandles, type Db } from "../db/client";
import { migrate } from "../db/migrate";

export type TestDb = { url: string; pool: pg.Pool; prisma: Db; close: () => Promise<void> };

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function createTestDatabase(label: string): Promise<TestDb> {
  const adminUrl = withDatabase(inject("pgAdminUrl"), "postgres");
  const name = `warden_t_${label.replace(/\W/g, "_").slice(0, 30)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  await migrate(url);
  // Code under test that reads DATABASE_URL (lib/db/client) talks to this suite's database.
  process.env.DATABASE_URL = url;
  const pool = createPool(url, 8);
  const prisma = createPrisma(pool);
  bindDbHandles({ pool, prisma });
  return {
    url,
    pool,
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
