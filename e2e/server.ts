// The end-to-end environment: a throwaway embedded PostgreSQL with a small demo estate and one
// account per role, served by the production build (`next start`). Playwright starts and stops it.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SYSTEM } from "../lib/auth/roles";
import { createPool, createPrisma } from "../lib/db/client";
import { startEmbedded } from "../lib/db/embedded";
import { ensureDatabase, migrate } from "../lib/db/migrate";
import { createUser } from "../lib/users/create-user";
import { createIngestKey } from "../lib/ingest-keys/create-key";
import { bindDbHandles } from "../lib/db/client";
import { writeFileSync } from "node:fs";
import { seedDemoEstate } from "../prisma/seed";
import { detectStoredEstate } from "../lib/detections/detect-estate";
import { nextBin } from "../scripts/lib/next-build";
import { E2E } from "./config";

const dir = mkdtempSync(path.join(os.tmpdir(), "warden-e2e-"));
chmodSync(dir, 0o755);
const server = await startEmbedded({ dir: path.join(dir, "pg"), port: E2E.pgPort, durable: false });
const cleanup = async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
};
try {
  const url = server.url("warden");
  await ensureDatabase(url);
  await migrate(url);
  const pool = createPool(url, 4);
  const prisma = createPrisma(pool);
  bindDbHandles({ pool, prisma });
  await seedDemoEstate(pool, { ...E2E.seed, log: (m: string) => console.log(m) });
  await detectStoredEstate(SYSTEM, { days: E2E.seed.days });
  const { key } = await createIngestKey({ actor: SYSTEM }, { name: "e2e" });
  writeFileSync(E2E.stateFile, JSON.stringify({ ingestKey: key, serverPid: process.pid }), { mode: 0o600 });
  for (const [name, u] of Object.entries(E2E.users)) {
    await createUser({ actor: SYSTEM }, { email: u.email, password: u.password, role: u.role, name: `E2E ${name}` });
  }
  await prisma.$disconnect();
  await pool.end();

  const startWeb = () =>
    spawn(process.execPath, [nextBin(), "start", "-p", String(E2E.port), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: url,
        NEXTAUTH_SECRET: "e2e-secret-not-for-production",
        NEXTAUTH_URL: E2E.baseUrl,
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: "inherit",
    });
  let web = startWeb();
  let restarting = false;
  const onExit = () => {
    if (restarting) return;
    void cleanup().then(() => process.exit(1));
  };
  web.on("exit", onExit);
  const stop = async () => {
    web.kill("SIGTERM");
    await cleanup();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  // SIGUSR2 restarts the web server on the same database (specs that check state survives a restart).
  process.on("SIGUSR2", () => {
    restarting = true;
    web.once("exit", () => {
      web = startWeb();
      web.on("exit", onExit);
      restarting = false;
    });
    web.kill("SIGTERM");
  });
} catch (e) {
  console.error(e);
  await cleanup();
  process.exit(1);
}
