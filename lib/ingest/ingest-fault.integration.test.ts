// Fault test: the database is stopped in the middle of a stream of batches and started again.
// A client that retries whatever was not acknowledged must end with every event stored once.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST } from "@/app/api/v1/events/route";
import { SYSTEM } from "../auth/roles";
import { bindDbHandles, createPool, createPrisma } from "../db/client";
import { freePort, startEmbedded, type EmbeddedServer } from "../db/embedded";
import { ensureDatabase, migrate } from "../db/migrate";
import { createIngestKey } from "../ingest-keys/create-key";
import { foldRollups } from "./rollup-fold";

const dir = mkdtempSync(path.join(os.tmpdir(), "warden-fault-"));
chmodSync(dir, 0o755);
let server: EmbeddedServer;
let port: number;
let key: string;
const pool = { current: undefined as undefined | ReturnType<typeof createPool> };

beforeAll(async () => {
  port = await freePort();
  server = await startEmbedded({ dir: path.join(dir, "pg"), port, durable: true });
  const url = server.url("warden");
  await ensureDatabase(url);
  await migrate(url);
  pool.current = createPool(url, 4);
  bindDbHandles({ pool: pool.current, prisma: createPrisma(pool.current) });
  ({ key } = await createIngestKey({ actor: SYSTEM }, { name: "fault" }));
});
afterAll(async () => {
  await pool.current?.end();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const BATCHES = 30, PER_BATCH = 200;
const t0 = Date.parse("2026-11-19T00:00:00Z");
const batch = (b: number) =>
  JSON.stringify(Array.from({ length: PER_BATCH }, (_, i) => ({
    eventId: `f-${b}-${i}`, source: "fault", occurredAt: new Date(t0 + (b * PER_BATCH + i) * 1000).toISOString(),
    identity: `svc-${i % 7}`, action: "read", decision: "allow",
  })));

it("stores every event exactly once across a database outage", async () => {
  let acknowledged = 0, unavailable = 0;
  const stopAfter = 8;
  let outage: Promise<void> | undefined;
  for (let b = 0; b < BATCHES; b++) {
    for (;;) {
      const res = await POST(new Request("http://warden.test/api/v1/events", {
        method: "POST", body: batch(b), headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      }));
      if (res.status === 200) {
        acknowledged++;
        break;
      }
      expect(res.status, await res.clone().text()).toBe(503);
      expect(res.headers.get("retry-after")).toBeTruthy();
      unavailable++;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (b === stopAfter) {
      // Stop now, come back in 2 s: the following batches meet a dead database and are retried.
      await server.stop();
      outage = new Promise((r) => setTimeout(r, 2000)).then(async () => {
        server = await startEmbedded({ dir: path.join(dir, "pg"), port, durable: true });
      });
    }
  }
  await outage;
  expect(unavailable).toBeGreaterThan(0);
  expect(acknowledged).toBe(BATCHES);
  const { rows } = await pool.current!.query(
    "SELECT count(*)::int AS n, count(DISTINCT (source, event_id))::int AS d FROM audit_events");
  expect(rows[0]).toEqual({ n: BATCHES * PER_BATCH, d: BATCHES * PER_BATCH });
  const live = await pool.current!.query("SELECT sum(count)::int AS n FROM event_rollups_hourly_live");
  expect(live.rows[0].n).toBe(BATCHES * PER_BATCH);
  await foldRollups(pool.current!, { wait: true });
  const folded = await pool.current!.query("SELECT sum(count)::int AS n FROM event_rollups_hourly");
  expect(folded.rows[0].n).toBe(BATCHES * PER_BATCH);
}, 120_000);
