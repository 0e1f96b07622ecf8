// Seeds a small estate into a real PostgreSQL database and checks, with SQL written
// independently of the generator, that every story holds, that the enrichment columns and the
// rollups say what ingest would say, and that seeding is deterministic and refuses to overwrite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../../lib/test/db";
import { STORIES, SeedRefusedError, seedDemoEstate, type SeedSummary } from "./index";

const NOW = new Date("2025-06-15T12:00:00Z");
const OPTS = { identities: 200, events: 20_000, days: 30, seed: 7, now: NOW };

let t: TestDb;
let summary: SeedSummary;

beforeAll(async () => {
  t = await createTestDatabase("seed");
  summary = await seedDemoEstate(t.pool, OPTS);
});
afterAll(async () => {
  await t?.close();
});

async function row<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await t.pool.query(sql, params)).rows[0] as T;
}

async function identityId(externalId: string): Promise<string> {
  return (await row<{ id: string }>("SELECT id FROM identities WHERE external_id = $1", [externalId])).id;
}

describe("seedDemoEstate", () => {
  it("loads the requested sizes", async () => {
    expect(summary).toMatchObject({ identities: 200, events: 20_000 });
    expect(summary.scopes).toBeGreaterThanOrEqual(280);
    const c = await row<{ identities: number; events: number; rollups: number }>(
      `SELECT (SELECT count(*) FROM identities)::int AS identities, (SELECT count(*) FROM audit_events)::int AS events,
              (SELECT count(*) FROM event_rollups_hourly)::int AS rollups`,
    );
    expect(c).toEqual({ identities: 200, events: 20_000, rollups: summary.rollupRows });
  });

  it("dormant admin: prod, admin + permission-change grants, active key, no events in 60 days", async () => {
    const id = await identityId(STORIES.dormantAdmin.externalId);
    const r = await row<{ env: string; stale: boolean; recent: number; admin: number; perm: number; active_keys: number }>(
      `SELECT i.environment AS env, i.last_seen_at < $2::timestamptz - interval '60 days' AS stale,
              (SELECT count(*) FROM audit_events e WHERE e.identity_id = i.id AND e.occurred_at > $2::timestamptz - interval '60 days')::int AS recent,
              (SELECT count(*) FROM grants g JOIN scopes s ON s.id = g.scope_id WHERE g.identity_id = i.id AND g.revoked_at IS NULL AND s.risk_class = 'admin')::int AS admin,
              (SELECT count(*) FROM grants g JOIN scopes s ON s.id = g.scope_id WHERE g.identity_id = i.id AND g.revoked_at IS NULL AND s.risk_class = 'permission_change')::int AS perm,
              (SELECT count(*) FROM credentials c WHERE c.identity_id = i.id AND c.status = 'active' AND c.fingerprint = $3)::int AS active_keys
         FROM identities i WHERE i.id = $1`,
      [id, NOW, STORIES.dormantAdmin.fingerprint],
    );
    expect(r).toMatchObject({ env: "prod", stale: true, recent: 0, active_keys: 1 });
    expect(r.admin).toBeGreaterThan(0);
    expect(r.perm).toBeGreaterThan(0);
  });

  it("ownerless API key: no owner, actively used", async () => {
    const r = await row<{ owner: string | null; kind: string; events: number }>(
      `SELECT i.owner_id AS owner, i.kind::text AS kind, (SELECT count(*) FROM audit_events e WHERE e.identity_id = i.id)::int AS events
         FROM identities i WHERE i.external_id = $1`,
      [STORIES.ownerlessKey.externalId],
    );
    expect(r.owner).toBeNull();
    expect(r.kind).toBe("api_key");
    expect(r.events).toBeGreaterThan(20);
  });

  it("CI token: used scopes / granted scopes < 0.25", async () => {
    const id = await identityId(STORIES.unusedCiToken.externalId);
    const r = await row<{ used: number; granted: number }>(
      `SELECT (SELECT count(DISTINCT scope) FROM audit_events WHERE identity_id = $1 AND scope IS NOT NULL)::int AS used,
              (SELECT count(*) FROM grants WHERE identity_id = $1 AND revoked_at IS NULL)::int AS granted`,
      [id],
    );
    expect(r.granted).toBeGreaterThanOrEqual(20);
    expect(r.used).toBeGreaterThan(0);
    expect(r.used / r.granted).toBeLessThan(0.25);
  });

  it("replay: office-hours use from one IP/UA, then a never-seen IP and UA at night in the last 2 days", async () => {
    const S = STORIES.replayKey;
    const before = await row<{ ips: number; uas: number; off_hours: number; n: number }>(
      `SELECT count(DISTINCT source_ip)::int AS ips, count(DISTINCT user_agent)::int AS uas, count(*)::int AS n,
              count(*) FILTER (WHERE extract(hour FROM occurred_at AT TIME ZONE 'UTC') NOT BETWEEN 6 AND 18)::int AS off_hours
         FROM audit_events WHERE credential_ref = $1 AND occurred_at <= $2::timestamptz - interval '2 days'`,
      [S.fingerprint, NOW],
    );
    expect(before).toMatchObject({ ips: 1, uas: 1, off_hours: 0 });
    expect(before.n).toBeGreaterThan(20);
    const fresh = await row<{ n: number; night: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE extract(hour FROM e.occurred_at AT TIME ZONE 'UTC') BETWEEN 2 AND 4)::int AS night
         FROM audit_events e
        WHERE e.credential_ref = $1 AND e.occurred_at > $2::timestamptz - interval '2 days'
          AND NOT EXISTS (SELECT 1 FROM audit_events p WHERE p.credential_ref = e.credential_ref
                           AND p.occurred_at < e.occurred_at - interval '1 day' AND p.source_ip = e.source_ip)
          AND NOT EXISTS (SELECT 1 FROM audit_events p WHERE p.credential_ref = e.credential_ref
                           AND p.occurred_at < e.occurred_at - interval '1 day' AND p.user_agent = e.user_agent)`,
      [S.fingerprint, NOW],
    );
    expect(fresh.n).toBeGreaterThanOrEqual(3);
    expect(fresh.night).toBe(fresh.n);
  });

  it("probing integration: ≥100 denials over ≥30 ungranted scopes in one hour, low denial rate otherwise", async () => {
    const id = await identityId(STORIES.probingIntegration.externalId);
    const burst = await row<{ hour: Date; denials: number; scopes: number; resources: number; granted: number }>(
      `SELECT date_trunc('hour', occurred_at, 'UTC') AS hour, count(*)::int AS denials, count(DISTINCT scope)::int AS scopes,
              count(DISTINCT resource)::int AS resources, count(*) FILTER (WHERE granted)::int AS granted
         FROM audit_events WHERE identity_id = $1 AND decision = 'deny' AND occurred_at > $2::timestamptz - interval '3 days'
        GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      [id, NOW],
    );
    expect(burst.denials).toBeGreaterThanOrEqual(100);
    expect(burst.scopes).toBeGreaterThanOrEqual(30);
    expect(burst.resources).toBeGreaterThanOrEqual(30);
    expect(burst.granted).toBe(0);
    const everHeld = await row<{ n: number }>(
      `SELECT count(*)::int AS n FROM grants g JOIN scopes s ON s.id = g.scope_id
        WHERE g.identity_id = $1 AND s.name IN (SELECT scope FROM audit_events WHERE identity_id = $1 AND decision = 'deny'
                                                  AND date_trunc('hour', occurred_at, 'UTC') = $2)`,
      [id, burst.hour],
    );
    expect(everHeld.n).toBe(0);
    const base = await row<{ rate: number; n: number }>(
      `SELECT (count(*) FILTER (WHERE decision = 'deny'))::float / count(*) AS rate, count(*)::int AS n
         FROM audit_events WHERE identity_id = $1 AND date_trunc('hour', occurred_at, 'UTC') <> $2`,
      [id, burst.hour],
    );
    expect(base.n).toBeGreaterThan(20);
    expect(base.rate).toBeLessThan(0.02);
  });

  it("AI agent: secret reads and exports, with task / tool / prompt context", async () => {
    const id = await identityId(STORIES.secretExportAgent.externalId);
    const r = await row<{ secret: number; export: number; untooled: number; prompted: number }>(
      `SELECT count(*) FILTER (WHERE risk_class = 'secret_read' AND decision = 'allow')::int AS secret,
              count(*) FILTER (WHERE risk_class = 'export' AND decision = 'allow')::int AS export,
              count(*) FILTER (WHERE risk_class IN ('secret_read', 'export') AND NOT (context ? 'tool' AND context ? 'task'))::int AS untooled,
              count(*) FILTER (WHERE context ? 'prompt')::int AS prompted
         FROM audit_events WHERE identity_id = $1`,
      [id],
    );
    expect(r.secret).toBeGreaterThan(0);
    expect(r.export).toBeGreaterThan(0);
    expect(r.untooled).toBe(0);
    expect(r.prompted).toBeGreaterThan(0);
  });

  it("production credential used from the dev cluster", async () => {
    const id = await identityId(STORIES.prodFromDev.externalId);
    const r = await row<{ env: string; dev: number; prod: number }>(
      `SELECT (SELECT environment FROM identities WHERE id = $1) AS env,
              count(*) FILTER (WHERE origin LIKE 'dev-cluster/%' AND context->>'environmentHint' = 'dev' AND environment = 'prod')::int AS dev,
              count(*) FILTER (WHERE origin = $2)::int AS prod
         FROM audit_events WHERE identity_id = $1`,
      [id, STORIES.prodFromDev.prodOrigin],
    );
    expect(r.env).toBe("prod");
    expect(r.dev).toBeGreaterThan(0);
    expect(r.prod).toBeGreaterThan(r.dev);
  });

  it("one credential used by three workloads", async () => {
    const r = await row<{ origins: number; ips: number; uas: number; identities: number }>(
      `SELECT count(DISTINCT origin)::int AS origins, count(DISTINCT source_ip)::int AS ips,
              count(DISTINCT user_agent)::int AS uas, count(DISTINCT identity_id)::int AS identities
         FROM audit_events WHERE credential_ref = $1`,
      [STORIES.sharedCredential.fingerprint],
    );
    expect(r).toEqual({ origins: 3, ips: 3, uas: 3, identities: 1 });
  });

  it("humans acting through a service account", async () => {
    const id = await identityId(STORIES.humanThroughServiceAccount.externalId);
    const r = await row<{ kind: string; humans: number; people: number; nhi: number }>(
      `SELECT (SELECT kind::text FROM identities WHERE id = $1) AS kind,
              count(*) FILTER (WHERE actor_type = 'human' AND user_agent LIKE 'Mozilla/%' AND context->>'onBehalfOf' LIKE '%@%')::int AS humans,
              count(DISTINCT context->>'onBehalfOf')::int AS people,
              count(*) FILTER (WHERE actor_type = 'nhi')::int AS nhi
         FROM audit_events WHERE identity_id = $1`,
      [id],
    );
    expect(r.kind).toBe("service_account");
    expect(r.humans).toBeGreaterThan(0);
    expect(r.people).toBeGreaterThanOrEqual(2);
    expect(r.nhi).toBeGreaterThan(0);
  });
});

describe("enrichment and derived tables", () => {
  it("fills owner, environment, actor type defaults, risk class and granted as ingest does", async () => {
    const r = await row<{ owner: number; env: number; risk: number; granted: number; actor: number }>(
      `SELECT count(*) FILTER (WHERE e.owner_id IS DISTINCT FROM i.owner_id)::int AS owner,
              count(*) FILTER (WHERE e.environment IS DISTINCT FROM i.environment)::int AS env,
              count(*) FILTER (WHERE e.risk_class IS DISTINCT FROM s.risk_class)::int AS risk,
              count(*) FILTER (WHERE e.granted IS DISTINCT FROM (CASE WHEN e.scope IS NULL THEN NULL ELSE EXISTS (
                SELECT 1 FROM grants g WHERE g.identity_id = e.identity_id AND g.scope_id = s.id AND g.granted_at <= e.occurred_at
                   AND (g.revoked_at IS NULL OR g.revoked_at > e.occurred_at) AND (g.expires_at IS NULL OR g.expires_at > e.occurred_at)) END))::int AS granted,
              count(*) FILTER (WHERE e.actor_type <> i.actor_type AND NOT (e.context ? 'onBehalfOf'))::int AS actor
         FROM audit_events e JOIN identities i ON i.id = e.identity_id LEFT JOIN scopes s ON s.name = e.scope`,
    );
    expect(r).toEqual({ owner: 0, env: 0, risk: 0, granted: 0, actor: 0 });
  });

  it("mostly allows on granted scopes, some denials with reasons and policies", async () => {
    const r = await row<{ allow_granted: number; deny: number; deny_explained: number; total: number }>(
      `SELECT count(*) FILTER (WHERE decision = 'allow' AND (granted OR scope IS NULL))::int AS allow_granted,
              count(*) FILTER (WHERE decision = 'deny')::int AS deny,
              count(*) FILTER (WHERE decision = 'deny' AND reason IS NOT NULL)::int AS deny_explained,
              count(*)::int AS total FROM audit_events`,
    );
    expect(r.allow_granted / r.total).toBeGreaterThan(0.85);
    expect(r.deny).toBeGreaterThan(100);
    expect(r.deny_explained).toBe(r.deny);
  });

  it("links trails: every parent event exists and sessions chain auth → token → API call", async () => {
    const r = await row<{ orphans: number; chained: number }>(
      `SELECT (SELECT count(*) FROM audit_events c WHERE c.parent_event_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM audit_events p WHERE p.event_id = c.parent_event_id AND p.occurred_at <= c.occurred_at))::int AS orphans,
              (SELECT count(*) FROM audit_events c JOIN audit_events p ON p.event_id = c.parent_event_id
                 WHERE p.action = 'token.issue' AND p.session_id = c.session_id)::int AS chained`,
    );
    expect(r.orphans).toBe(0);
    expect(r.chained).toBeGreaterThan(100);
  });

  it("hourly rollups equal count(*) over the events grouped the same way", async () => {
    const r = await row<{ mismatches: number }>(
      `WITH e AS (
         SELECT date_trunc('hour', occurred_at, 'UTC') AS hour, identity_id, coalesce(scope, '') AS scope, decision,
                coalesce(granted, false) AS granted, count(*) AS n, min(occurred_at) AS first_at, max(occurred_at) AS last_at
           FROM audit_events GROUP BY 1, 2, 3, 4, 5)
       SELECT count(*)::int AS mismatches
         FROM e FULL JOIN event_rollups_hourly r USING (hour, identity_id, scope, decision, granted)
        WHERE r.count IS DISTINCT FROM e.n OR r.first_at IS DISTINCT FROM e.first_at OR r.last_at IS DISTINCT FROM e.last_at`,
    );
    expect(r.mismatches).toBe(0);
  });

  it("sets last_seen_at and last_used_at from the events", async () => {
    const r = await row<{ seen: number; used: number }>(
      `SELECT (SELECT count(*) FROM identities i JOIN (SELECT identity_id, max(occurred_at) AS m FROM audit_events GROUP BY 1) e
                 ON e.identity_id = i.id WHERE i.last_seen_at IS DISTINCT FROM e.m)::int AS seen,
              (SELECT count(*) FROM credentials c JOIN (SELECT credential_ref, max(occurred_at) AS m FROM audit_events GROUP BY 1) e
                 ON e.credential_ref = c.fingerprint WHERE c.last_used_at IS DISTINCT FROM e.m)::int AS used`,
    );
    expect(r).toEqual({ seen: 0, used: 0 });
  });
});

describe("re-seeding", () => {
  const digest = async (): Promise<Record<string, string>> => {
    const tables = ["owners", "identities", "credentials", "scopes", "grants"];
    const out: Record<string, string> = {};
    for (const name of tables) {
      const r = await row<{ h: string }>(`SELECT md5(string_agg(x.t, '|' ORDER BY x.t)) AS h FROM (SELECT to_jsonb(r)::text AS t FROM ${name} r) x`);
      out[name] = r.h;
    }
    const ev = await row<{ h: string }>(
      `SELECT md5(string_agg((to_jsonb(e) - 'id')::text, '|' ORDER BY e.occurred_at, e.event_id)) AS h FROM audit_events e`,
    );
    out.events = ev.h;
    return out;
  };

  it("refuses to seed a database that already has identities", async () => {
    await expect(seedDemoEstate(t.pool, OPTS)).rejects.toThrow(SeedRefusedError);
    await expect(seedDemoEstate(t.pool, OPTS)).rejects.toThrow(/already has 200 identities/);
  });

  it("with reset, gives the identical estate for the same seed and keeps users, ingest keys and the audit log", async () => {
    const before = await digest();
    await t.pool.query(`INSERT INTO users (email, name, role) VALUES ('keep@acme.example', 'Keep Me', 'admin')`);
    await t.pool.query(`INSERT INTO ingest_keys (name, key_hash, key_prefix, created_by) VALUES ('keep', 'h', 'p', 'test')`);
    await t.pool.query(
      `INSERT INTO warden_audit_log (actor_type, actor_label, action, target_type) VALUES ('system', 'test', 'test.keep', 'test')`,
    );
    const again = await seedDemoEstate(t.pool, { ...OPTS, reset: true });
    expect(again.events).toBe(20_000);
    expect(await digest()).toEqual(before);
    const kept = await row<{ users: number; keys: number; log: number }>(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM ingest_keys)::int AS keys,
              (SELECT count(*) FROM warden_audit_log)::int AS log`,
    );
    expect(kept).toEqual({ users: 1, keys: 1, log: 1 });
  });

  it("a different seed gives a different estate", async () => {
    const before = await digest();
    await seedDemoEstate(t.pool, { ...OPTS, seed: 8, reset: true });
    const after = await digest();
    expect(after.identities).not.toBe(before.identities);
    expect(after.scopes).not.toBe(before.scopes);
  });
});
