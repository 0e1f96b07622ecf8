// HTTP contract of the machine API against the real production server and database.
import { expect, test } from "@playwright/test";
import { gzipSync } from "node:zlib";
import { sql, e2eState } from "./db";

const auth = () => ({ authorization: `Bearer ${e2eState().ingestKey}` });
const event = (id: string, over: Record<string, unknown> = {}) => ({
  eventId: id, source: "e2e-gateway", occurredAt: new Date(Date.now() - 60_000).toISOString(),
  identity: "e2e-shadow-integration", action: "GET /v1/things", scope: "things:read", decision: "allow", ...over,
});

test("serves an OpenAPI document generated from the schemas", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toMatch(/^3\.1/);
  expect(doc.paths["/api/v1/events"].post.responses).toHaveProperty("413");
  expect(Object.keys(doc.components.schemas.CanonicalEvent.properties)).toEqual(expect.arrayContaining(["eventId", "occurredAt", "identity", "decision"]));
});

test("ingests a batch, creates a discovered identity and stays idempotent on retry", async ({ request }) => {
  const batch = [event("e2e-1"), event("e2e-2", { decision: "deny", reason: "scope not granted" }), { eventId: "bad" }];
  const first = await request.post("/api/v1/events", { headers: auth(), data: batch });
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ accepted: 2, duplicates: 0, discoveredIdentities: 1, rejected: [{ index: 2 }] });
  const retry = await request.post("/api/v1/events", { headers: { ...auth(), "content-encoding": "gzip", "content-type": "application/json" }, data: gzipSync(JSON.stringify(batch)) });
  expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 2 });
  const rows = await sql<{ status: string; owner_id: string | null; n: string }>(
    `SELECT i.status, i.owner_id, count(e.*) AS n FROM identities i JOIN audit_events e ON e.identity_id = i.id
      WHERE i.external_id = 'e2e-shadow-integration' GROUP BY 1, 2`);
  expect(rows).toEqual([{ status: "discovered", owner_id: null, n: "2" }]);
});

test("answers 401 without a key and 413 past the batch limit", async ({ request }) => {
  expect((await request.post("/api/v1/events", { data: [event("x")] })).status()).toBe(401);
  const tooMany = Array.from({ length: 5001 }, (_, i) => event(`big-${i}`));
  const res = await request.post("/api/v1/events", { headers: auth(), data: tooMany });
  expect(res.status()).toBe(413);
  expect((await res.json()).detail).toContain("5000");
});
