// Stores a validated batch in one transaction: identities resolved (discovered ones created),
// events enriched (owner, environment, risk class, was the scope granted at that moment?) and
// inserted idempotently, hourly rollups, identity last-seen and credential last-used updated —
// all by one SQL statement over a JSON recordset, so a batch costs a handful of round trips.
import type pg from "pg";
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
WITH src AS (SELECT * FROM json_to_recordset($1::json) AS x(${COLUMNS})),
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
  SELECT source, event_id, occurred_at, $2::timestamptz, identity_id, identity_ref, actor_type, credential_ref,
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
   WHERE i.id = m.identity_id AND (i.last_seen_at IS NULL OR i.last_seen_at < m.last)
  RETURNING 1
),
used AS (
  UPDATE credentials c SET last_used_at = m.last
    FROM (SELECT credential_ref, max(occurred_at) AS last FROM ins WHERE credential_ref IS NOT NULL GROUP BY 1) m
   WHERE c.fingerprint = m.credential_ref AND (c.last_used_at IS NULL OR c.last_used_at < m.last)
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS inserted`;

function row(e: StoredEvent, identityId: string) {
  return {
    source: e.source, event_id: e.eventId, occurred_at: e.occurredAt.toISOString(), identity_id: identityId,
    identity_ref: e.identity, actor_type: e.actorType, credential_ref: e.credentialRef ?? null, action: e.action,
    resource: e.resource ?? null, scope: e.scope ?? null, decision: e.decision, auth_result: e.authResult ?? null,
    reason: e.reason ?? null, policy_id: e.policyId ?? null, source_ip: e.sourceIp ?? null,
    user_agent: e.userAgent ?? null, origin: e.origin ?? null, method: e.method ?? null, path: e.path ?? null,
    status: e.status ?? null, session_id: e.sessionId ?? null, trace_id: e.traceId ?? null,
    parent_event_id: e.parentEventId ?? null, context: e.context ?? null, environment: e.environment ?? null,
  };
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
      const rows = events.map((e) => row(e, byRef.get(e.identity)!));
      const res = await client.query<{ inserted: number }>(INSERT_SQL, [JSON.stringify(rows), new Date().toISOString()]);
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
