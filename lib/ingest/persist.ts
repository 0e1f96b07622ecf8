// Stores a validated batch in one transaction: identities resolved (discovered ones created),
// events enriched (owner, environment, risk class, was the scope granted at that moment?) and
// inserted idempotently, hourly rollups, identity last-seen and credential last-used updated —
// all by one SQL statement over a JSON recordset, so a batch costs a handful of round trips.
import type pg from "pg";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import type { Actor } from "../auth/roles";
import type { CanonicalEvent } from "./event-schema";
import { ensurePartitions } from "./partitions";
import { resolveIdentities } from "./resolve";

export type StoredEvent = CanonicalEvent & { source: string };
export type PersistResult = { inserted: number; duplicates: number; discovered: string[] };

const COLUMNS = `source text, event_id text, occurred_at timestamptz, identity_id uuid, identity_ref text,
  actor_type actor_type, credential_ref text, action text, resource text, scope text, decision decision,
  auth_result auth_result, reason text, policy_id text, source_ip text, user_agent text, origin text,
  method text, path text, status int, session_id text, trace_id text, parent_event_id text, context jsonb,
  environment text`;

const INSERT_SQL = `
WITH src AS (SELECT * FROM ingest_stage),
enriched AS (
  SELECT src.*, i.owner_id, coalesce(i.environment, src.environment) AS env, s.risk_class,
    CASE WHEN src.scope IS NULL THEN NULL ELSE EXISTS (
      SELECT 1 FROM grants g
       WHERE g.identity_id = src.identity_id AND g.scope_id = s.id AND g.granted_at <= src.occurred_at
         AND (g.revoked_at IS NULL OR g.revoked_at > src.occurred_at)
         AND (g.expires_at IS NULL OR g.expires_at > src.occurred_at)) END AS granted
  FROM src JOIN identities i ON i.id = src.identity_id LEFT JOIN scopes s ON s.name = src.scope
),
ins AS (
  INSERT INTO audit_events (source, event_id, occurred_at, received_at, identity_id, identity_ref, actor_type,
    credential_ref, action, resource, scope, decision, auth_result, reason, policy_id, source_ip, user_agent,
    origin, method, path, status, session_id, trace_id, parent_event_id, context, owner_id, environment,
    granted, risk_class)
  SELECT source, event_id, occurred_at, $1::timestamptz, identity_id, identity_ref, actor_type, credential_ref,
    action, resource, scope, decision, auth_result, reason, policy_id, source_ip, user_agent, origin, method,
    path, status, session_id, trace_id, parent_event_id, context, owner_id, env, granted, risk_class
  FROM enriched
  ON CONFLICT DO NOTHING
  RETURNING occurred_at, identity_id, scope, decision, granted, credential_ref
),
roll AS (
  INSERT INTO event_rollups_hourly AS r (hour, identity_id, scope, decision, granted, count, first_at, last_at)
  SELECT date_trunc('hour', occurred_at), identity_id, coalesce(scope, ''), decision, coalesce(granted, false),
         count(*), min(occurred_at), max(occurred_at)
    FROM ins GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, identity_id, scope, decision, granted) DO UPDATE
    SET count = r.count + excluded.count, first_at = least(r.first_at, excluded.first_at),
        last_at = greatest(r.last_at, excluded.last_at)
  RETURNING 1
),
seen AS (
  UPDATE identities i SET last_seen_at = m.last
    FROM (SELECT identity_id, max(occurred_at) AS last FROM ins GROUP BY 1 ORDER BY 1) m
   WHERE i.id = m.identity_id AND (i.last_seen_at IS NULL OR i.last_seen_at < m.last - interval '1 minute')
  RETURNING 1
),
used AS (
  UPDATE credentials c SET last_used_at = m.last
    FROM (SELECT credential_ref, max(occurred_at) AS last FROM ins WHERE credential_ref IS NOT NULL GROUP BY 1) m
   WHERE c.fingerprint = m.credential_ref AND (c.last_used_at IS NULL OR c.last_used_at < m.last - interval '1 minute')
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS inserted`;

// COPY text format: backslash escapes for the characters that delimit fields and rows.
function copyText(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  const t = String(v);
  return /[\\\t\n\r]/.test(t) ? t.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : t;
}

function copyLine(e: StoredEvent, identityId: string): string {
  return [
    e.source, e.eventId, e.occurredAt.toISOString(), identityId, e.identity, e.actorType, e.credentialRef, e.action,
    e.resource, e.scope, e.decision, e.authResult, e.reason, e.policyId, e.sourceIp, e.userAgent, e.origin,
    e.method, e.path, e.status, e.sessionId, e.traceId, e.parentEventId,
    e.context === undefined ? null : JSON.stringify(e.context), e.environment,
  ].map(copyText).join("\t") + "\n";
}

// Rows are staged with COPY (PostgreSQL's cheapest parse path) into a per-connection temp table
// that empties itself at commit; the statement above then enriches and moves them in one go.
const staged = new WeakSet<object>();
async function stage(client: pg.PoolClient, lines: string[]): Promise<void> {
  if (!staged.has(client)) {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS ingest_stage (${COLUMNS}) ON COMMIT DELETE ROWS`);
    staged.add(client);
  }
  await pipeline(Readable.from([lines.join("")]), client.query(copyFrom(`COPY ingest_stage FROM STDIN`)));
}

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock, serialization failure: safe to redo whole

export async function persistEvents(pool: pg.Pool, actor: Actor, events: StoredEvent[]): Promise<PersistResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0, discovered: [] };
  await ensurePartitions(pool, events.map((e) => e.occurredAt));
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let failed = false;
    try {
      await client.query("BEGIN");
      const { byRef, discovered } = await resolveIdentities(client, actor, events);
      await stage(client, events.map((e) => copyLine(e, byRef.get(e.identity)!)));
      const res = await client.query<{ inserted: number }>(INSERT_SQL, [new Date().toISOString()]);
      await client.query("COMMIT");
      const inserted = res.rows[0].inserted;
      return { inserted, duplicates: events.length - inserted, discovered };
    } catch (e) {
      failed = true;
      await client.query("ROLLBACK").catch(() => {});
      const code = (e as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < 4) continue;
      throw e;
    } finally {
      client.release(failed); // a failed connection may be broken: discard it, the pool reconnects
    }
  }
}
