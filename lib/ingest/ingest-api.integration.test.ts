// HTTP contract of POST /api/v1/events, exercised through the real route handler on a real
// PostgreSQL database: partial batches, retries, limits, discovered identities, enrichment, rollups.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/events/route";
import { SYSTEM } from "../auth/roles";
import { createIngestKey } from "../ingest-keys/create-key";
import { revokeIngestKey } from "../ingest-keys/revoke-key";
import { foldRollups } from "./rollup-fold";
import { createTestDatabase, type TestDb } from "../test/db";

let t: TestDb;
let key: string;
const base = Date.parse("2026-11-20T10:00:00Z");

function ev(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: `evt-${i}`,
    source: "gateway",
    occurredAt: new Date(base + i * 1000).toISOString(),
    identity: "svc-billing",
    action: "GET /invoices",
    scope: "invoices:read",
    decision: "allow",
    ...over,
  };
}

function post(body: unknown, opts: { key?: string | null; headers?: Record<string, string>; raw?: Buffer | string; query?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  const k = opts.key === undefined ? key : opts.key;
  if (k) headers.authorization = `Bearer ${k}`;
  const payload: BodyInit = typeof opts.raw === "string" ? opts.raw : opts.raw ? new Uint8Array(opts.raw) : JSON.stringify(body);
  return POST(new Request(`http://warden.test/api/v1/events${opts.query ?? ""}`, { method: "POST", headers, body: payload }));
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await t.pool.query(sql, params);
  return Number(Object.values(rows[0])[0]);
}

beforeAll(async () => {
  t = await createTestDatabase("ingest_api");
  const owner = await t.prisma.owner.create({ data: { team: "payments", personName: "Ada", personEmail: "ada@example.com" } });
  const id = await t.prisma.identity.create({
    data: { externalId: "svc-billing", name: "svc-billing", kind: "service_account", actorType: "nhi", provider: "internal", environment: "prod", status: "active", ownerId: owner.id },
  });
  const read = await t.prisma.scope.create({ data: { name: "invoices:read", resource: "invoices", riskClass: "read", provider: "internal" } });
  await t.prisma.scope.create({ data: { name: "invoices:export", resource: "invoices", riskClass: "export", provider: "internal" } });
  await t.prisma.grant.create({ data: { identityId: id.id, scopeId: read.id, grantedBy: "test", grantedAt: new Date(base - 86_400_000) } });
  ({ key } = await createIngestKey({ actor: SYSTEM }, { name: "gw" }));
});
afterAll(() => t.close());

describe("POST /api/v1/events", () => {
  it("accepts a valid batch, enriches it and keeps rollups equal to the events", async () => {
    const res = await post([ev(1), ev(2), ev(3, { scope: "invoices:export", decision: "deny", reason: "not granted" })]);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: 3, accepted: 3, duplicates: 0, rejected: [] });
    const { rows } = await t.pool.query(
      "SELECT event_id, granted, risk_class, environment, owner_id IS NOT NULL AS owned FROM audit_events ORDER BY event_id");
    expect(rows).toEqual([
      { event_id: "evt-1", granted: true, risk_class: "read", environment: "prod", owned: true },
      { event_id: "evt-2", granted: true, risk_class: "read", environment: "prod", owned: true },
      { event_id: "evt-3", granted: false, risk_class: "export", environment: "prod", owned: true },
    ]);
  });

  it("stores a retried batch once and reports duplicates", async () => {
    const batch = [ev(10), ev(11)];
    expect(await (await post(batch)).json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await (await post(batch)).json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await count("SELECT count(*) FROM audit_events WHERE event_id IN ('evt-10','evt-11')")).toBe(2);
  });

  it("accepts the valid part of a partial batch and names index, field and reason of the rest", async () => {
    const res = await post([ev(20), ev(21, { occurredAt: "yesterday" }), { ...ev(22), decision: "maybe" }, ev(23, { extra: 1 })]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [1, "occurredAt"], [2, "decision"], [3, "extra"],
    ]);
    for (const r of body.rejected) expect(r.reason).toMatch(/\w+/);
  });

  it("answers 422 when nothing in the batch is valid, storing nothing", async () => {
    const before = await count("SELECT count(*) FROM audit_events");
    const res = await post([{ eventId: "x" }]);
    expect(res.status).toBe(422);
    expect(await count("SELECT count(*) FROM audit_events")).toBe(before);
  });

  it("turns unknown actors into discovered identities without an owner", async () => {
    const res = await post([ev(30, { identity: "arn:aws:iam::123:role/shadow", identityKind: "workload_identity", provider: "aws" })]);
    expect(await res.json()).toMatchObject({ accepted: 1, discoveredIdentities: 1 });
    const shadow = await t.prisma.identity.findUnique({ where: { externalId: "arn:aws:iam::123:role/shadow" } });
    expect(shadow).toMatchObject({ status: "discovered", ownerId: null, kind: "workload_identity", provider: "aws" });
    expect(await count("SELECT count(*) FROM warden_audit_log WHERE action = 'identity.discover'")).toBe(1);
  });

  it("accepts NDJSON and gzip bodies", async () => {
    const nd = [ev(40), ev(41)].map((e) => JSON.stringify(e)).join("\n");
    expect((await post(null, { raw: nd, headers: { "content-type": "application/x-ndjson" } })).status).toBe(200);
    const gz = gzipSync(JSON.stringify({ events: [ev(42)] }));
    const res = await post(null, { raw: gz, headers: { "content-encoding": "gzip" } });
    expect(await res.json()).toMatchObject({ accepted: 1 });
  });

  it("answers 401 without a key, with an unknown key and with a revoked key", async () => {
    expect((await post([ev(50)], { key: null })).status).toBe(401);
    expect((await post([ev(50)], { key: "wdn_nope" })).status).toBe(401);
    const { key: old } = await createIngestKey({ actor: SYSTEM }, { name: "old" });
    await revokeIngestKey({ actor: SYSTEM }, { name: "old" });
    const res = await post([ev(50)], { key: old });
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toMatch(/revoked/);
  });

  it("answers 403 when the key may not write any of the batch's sources", async () => {
    const { key: k8sOnly } = await createIngestKey({ actor: SYSTEM }, { name: "k8s-only", allowedSources: ["k8s-audit"] });
    const res = await post([ev(60)], { key: k8sOnly });
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).toMatch(/not allowed for this ingest key/);
    expect(await count("SELECT count(*) FROM audit_events WHERE event_id = 'evt-60'")).toBe(0);
  });

  it("answers 413 with the limit for too many events or too many bytes", async () => {
    const many = Array.from({ length: 5001 }, (_, i) => ev(100_000 + i));
    const res = await post(many);
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/5000/);
    const huge = Buffer.alloc(11 * 1024 * 1024, 0x20);
    expect((await post(null, { raw: huge })).status).toBe(413);
  });

  it("rejects malformed input with 4xx and stores nothing partial", async () => {
    const before = await count("SELECT count(*) FROM audit_events");
    const cases: [string | Buffer, number][] = [
      ['[{"eventId": "a",', 400],
      ["not json at all", 400],
      [JSON.stringify([ev(70, { action: "x".repeat(1024 * 1024) })]), 422],
      [JSON.stringify([ev(71, { identity: "svc\u0000billing" })]), 422],
      [JSON.stringify([ev(72, { eventId: 42 })]), 422],
    ];
    for (const [raw, status] of cases) {
      const res = await post(null, { raw });
      expect(res.status, String(raw).slice(0, 40)).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/json/);
    }
    expect(await count("SELECT count(*) FROM audit_events")).toBe(before);
    // SQL and HTML in values are inert text, stored as sent.
    const inert = ev(73, { resource: "'); DROP TABLE audit_events; --", reason: "<script>alert(1)</script>" });
    expect(await (await post([inert])).json()).toMatchObject({ accepted: 1 });
    const { rows } = await t.pool.query("SELECT resource, reason FROM audit_events WHERE event_id = 'evt-73'");
    expect(rows[0]).toEqual({ resource: inert.resource, reason: inert.reason });
  });

  it("stores backslashes, quotes, JSON context and non-ASCII text exactly as sent", async () => {
    const odd = ev(80, {
      resource: "C:\\share\\payroll\\*.csv", reason: 'said "no" \\N', userAgent: "curl/8 (ünïcødé ✓)",
      context: { path: "a\\b", note: "tab\there\nnewline", nested: { q: "\"" } },
    });
    expect(await (await post([odd])).json()).toMatchObject({ accepted: 1 });
    const { rows } = await t.pool.query("SELECT resource, reason, user_agent, context FROM audit_events WHERE event_id = 'evt-80'");
    expect(rows[0]).toEqual({ resource: odd.resource, reason: odd.reason, user_agent: odd.userAgent, context: odd.context });
  });

  it("stores every field of an event in its own column, with the enrichment", async () => {
    const full = ev(82, {
      occurredAt: "2026-11-20T10:01:22.123+02:00", actorType: "human", credentialRef: "AKIA-FULL", resource: "invoices/2026-11",
      authResult: "success", reason: "r", policyId: "pol-7", sourceIp: "203.0.113.9", userAgent: "ua/1", origin: "eu-cluster/ns",
      method: "GET", path: "/invoices?x=1", status: 206, sessionId: "sess-1", traceId: "trace-1", parentEventId: "evt-81",
      context: { task: "t", n: 2 },
    });
    expect(await (await post([full])).json()).toMatchObject({ accepted: 1 });
    const { rows } = await t.pool.query(`SELECT source, event_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS occurred_at,
        received_at > now() - interval '1 minute' AS received_now, identity_id = (SELECT id FROM identities WHERE external_id = 'svc-billing') AS bound,
        identity_ref, actor_type::text, credential_ref, action, resource, scope, decision::text, auth_result::text, reason, policy_id, source_ip,
        user_agent, origin, method, path, status, session_id, trace_id, parent_event_id, context,
        owner_id = (SELECT owner_id FROM identities WHERE external_id = 'svc-billing') AS owned, environment, granted, risk_class::text
      FROM audit_events WHERE event_id = 'evt-82'`);
    expect(rows).toEqual([{
      source: "gateway", event_id: "evt-82", occurred_at: "2026-11-20T08:01:22.123", received_now: true, bound: true,
      identity_ref: "svc-billing", actor_type: "human", credential_ref: "AKIA-FULL", action: "GET /invoices", resource: "invoices/2026-11",
      scope: "invoices:read", decision: "allow", auth_result: "success", reason: "r", policy_id: "pol-7", source_ip: "203.0.113.9",
      user_agent: "ua/1", origin: "eu-cluster/ns", method: "GET", path: "/invoices?x=1", status: 206, session_id: "sess-1",
      trace_id: "trace-1", parent_event_id: "evt-81", context: { task: "t", n: 2 }, owned: true, environment: "prod", granted: true,
      risk_class: "read",
    }]);
  });

  it("stores an inventory environment with control characters intact", async () => {
    await t.prisma.identity.create({
      data: { externalId: "svc-odd-env", name: "svc-odd-env", kind: "service_account", actorType: "nhi", provider: "internal", environment: "staging\teu\\1", status: "active" },
    });
    expect(await (await post([ev(81, { identity: "svc-odd-env" })])).json()).toMatchObject({ accepted: 1 });
    expect(await count("SELECT count(*) FROM audit_events WHERE event_id = 'evt-81' AND environment = $1", ["staging\teu\\1"])).toBe(1);
  });

  it("stores an event repeated inside one batch once, next to new ones and stored ones", async () => {
    await post([ev(90)]);
    const res = await post([ev(90), ev(91), ev(91), ev(92), ev(92), ev(93, { occurredAt: ev(94).occurredAt }), ev(93)]);
    // evt-93 at two different times is two events: the unique key is (occurredAt, source, eventId).
    expect(await res.json()).toMatchObject({ received: 7, accepted: 4, duplicates: 3 });
    expect(await count("SELECT count(*) FROM audit_events WHERE event_id IN ('evt-90','evt-91','evt-92','evt-93')")).toBe(5);
  });

  it("decides 'granted' by the grant's lifetime at the moment of each event", async () => {
    // Independent of the ingest code: the answer is computed here from the grants table in SQL.
    const id = await t.prisma.identity.findUniqueOrThrow({ where: { externalId: "svc-billing" } });
    const names = ["life:future", "life:revoked", "life:expired", "life:live"];
    const scopes = await Promise.all(names.map((name) => t.prisma.scope.create({ data: { name, resource: "life", riskClass: "write", provider: "internal" } })));
    const at = (s: number) => new Date(base + s * 1000);
    await t.prisma.grant.createMany({ data: [
      { identityId: id.id, scopeId: scopes[0].id, grantedBy: "t", grantedAt: at(205) },
      { identityId: id.id, scopeId: scopes[1].id, grantedBy: "t", grantedAt: at(0), revokedAt: at(203), revokedBy: "t" },
      { identityId: id.id, scopeId: scopes[2].id, grantedBy: "t", grantedAt: at(0), expiresAt: at(204) },
      { identityId: id.id, scopeId: scopes[3].id, grantedBy: "t", grantedAt: at(202) },
    ] });
    const batch = [];
    for (let s = 200; s <= 206; s++) for (const scope of names) batch.push(ev(1000 + s * 10 + names.indexOf(scope), { occurredAt: at(s).toISOString(), scope }));
    batch.push(ev(5000, { occurredAt: at(201).toISOString(), scope: "life:unknown" }), ev(5001, { occurredAt: at(201).toISOString(), scope: undefined }));
    expect(await (await post(batch)).json()).toMatchObject({ accepted: batch.length });
    const { rows } = await t.pool.query(`
      SELECT count(*)::int AS n FROM audit_events e
       WHERE e.event_id = ANY($1::text[]) AND e.granted IS DISTINCT FROM (CASE WHEN e.scope IS NULL THEN NULL ELSE EXISTS (
         SELECT 1 FROM grants g JOIN scopes s ON s.id = g.scope_id
          WHERE g.identity_id = e.identity_id AND s.name = e.scope AND g.granted_at <= e.occurred_at
            AND (g.revoked_at IS NULL OR g.revoked_at > e.occurred_at) AND (g.expires_at IS NULL OR g.expires_at > e.occurred_at)) END)`,
      [batch.map((b) => b.eventId)]);
    expect(rows[0].n).toBe(0);
    // Both outcomes occur for every scope with a lifetime, so the comparison above has teeth.
    expect(await count(`SELECT count(DISTINCT (scope, granted)) FROM audit_events WHERE scope LIKE 'life:%' AND scope <> 'life:unknown'`)).toBe(8);
  });

  it("decides 'granted' per identity and scope when identities of one batch use different scopes", async () => {
    // Enrichment reads grants for the pairs the batch uses: each identity's grant on the *other*
    // scope must not count, and a grant nobody used in the batch changes nothing.
    const [a, b] = await Promise.all(["svc-pair-a", "svc-pair-b"].map((name) => t.prisma.identity.create({
      data: { externalId: name, name, kind: "service_account", actorType: "nhi", provider: "internal", environment: "prod", status: "active" },
    })));
    const [x] = await Promise.all(["pair:x", "pair:y"].map((name) => t.prisma.scope.create({ data: { name, resource: "pair", riskClass: "read", provider: "internal" } })));
    await t.prisma.grant.createMany({ data: [
      { identityId: a.id, scopeId: x.id, grantedBy: "t", grantedAt: new Date(base - 1000) },
      { identityId: b.id, scopeId: x.id, grantedBy: "t", grantedAt: new Date(base - 1000) },
    ] });
    const batch = [ev(6000, { identity: "svc-pair-a", scope: "pair:x" }), ev(6001, { identity: "svc-pair-b", scope: "pair:y" }),
      ev(6002, { identity: "svc-pair-a", scope: "pair:y" }), ev(6003, { identity: "svc-pair-a", scope: "pair:x", occurredAt: new Date(base - 2000).toISOString() })];
    expect(await (await post(batch)).json()).toMatchObject({ accepted: 4 });
    const { rows } = await t.pool.query("SELECT event_id, granted FROM audit_events WHERE event_id LIKE 'evt-600_' ORDER BY event_id");
    expect(rows).toEqual([
      { event_id: "evt-6000", granted: true }, { event_id: "evt-6001", granted: false },
      { event_id: "evt-6002", granted: false }, { event_id: "evt-6003", granted: false },
    ]);
  });

  it("keeps every rollup equal to count(*) over the events, as read (live) and once folded", async () => {
    const mismatches = async (rollups: string) => (await t.pool.query(`
      SELECT count(*)::int AS n FROM (
        SELECT date_trunc('hour', occurred_at) h, identity_id, coalesce(scope,'') s, decision, coalesce(granted,false) g, count(*) n
          FROM audit_events GROUP BY 1,2,3,4,5) e
      FULL JOIN (SELECT hour, identity_id, scope, decision, granted, sum(count) AS count FROM ${rollups} GROUP BY 1, 2, 3, 4, 5) r
        ON r.hour = e.h AND r.identity_id = e.identity_id AND r.scope = e.s AND r.decision = e.decision AND r.granted = e.g
      WHERE r.count IS DISTINCT FROM e.n`)).rows[0].n;
    expect(await mismatches("event_rollups_hourly_live")).toBe(0);
    await foldRollups(t.pool, { wait: true });
    expect(await count("SELECT count(*) FROM event_rollup_deltas")).toBe(0);
    expect(await mismatches("event_rollups_hourly")).toBe(0);
    expect(await count("SELECT count(*) FROM event_rollups_hourly")).toBeGreaterThan(0);
  });
});
