// The bench estates: a demo estate per size under .data-bench/ (seeded once, reused by later runs)
// with a bench admin, and an HTTP sign-in for timing pages as a signed-in user.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { SYSTEM } from "../../lib/auth/roles";
import { bindDbHandles, createPool, createPrisma } from "../../lib/db/client";
import { startEmbedded } from "../../lib/db/embedded";
import { ensureDatabase, migrate } from "../../lib/db/migrate";
import { createUser } from "../../lib/users/create-user";
import { seedDemoEstate } from "../../prisma/seed";

export const ADMIN = { email: "bench@warden.local", password: "bench-password-123" };
const log = (m: string) => console.error(`bench: ${m}`);

export async function estate(events: number) {
  const dir = path.resolve(".data-bench", `pg-${events}`);
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  mkdirSync(path.dirname(dir), { recursive: true });
  const server = await startEmbedded({ dir });
  const url = server.url("warden");
  await ensureDatabase(url);
  await migrate(url);
  const pool = createPool(url, 4);
  const prisma = createPrisma(pool);
  bindDbHandles({ pool, prisma });
  if (fresh || (await prisma.identity.count()) === 0) {
    log(`seeding ${events.toLocaleString("en-US")} events (kept under ${dir} for later runs)`);
    await seedDemoEstate(pool, { identities: 500, events, days: 30, log });
    await createUser({ actor: SYSTEM }, { email: ADMIN.email, password: ADMIN.password, role: "admin", name: "Bench" });
  }
  return { url, pool, prisma, stop: async () => { await prisma.$disconnect(); await pool.end(); await server.stop(); } };
}

export async function signIn(base: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" }),
  });
  const cookies = [...jar, ...res.headers.getSetCookie().map((c) => c.split(";")[0])];
  if (!cookies.some((c) => c.startsWith("next-auth.session-token"))) throw new Error("bench sign-in failed");
  return cookies.join("; ");
}


/** One signed-in request, read to the end: milliseconds. */
export async function timedGet(base: string, cookie: string, pathQ: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(base + pathQ, { headers: { cookie }, redirect: "manual" });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${pathQ} answered ${res.status}`);
  return performance.now() - t;
}

