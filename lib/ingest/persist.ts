// Stores a validated batch in one transaction: identities resolved (discovered ones created),
// events enriched (owner, environment, risk class, was the scope granted at that moment?) and
// inserted idempotently, hourly rollups, identity last-seen and credential last-used updated.
//
// The common case — a batch of new events — is one COPY straight into audit_events, the cheapest
// way PostgreSQL takes rows. COPY cannot skip duplicates, so it runs under a savepoint: when a
// retried or overlapping batch hits the unique key, the batch is staged and inserted with
// ON CONFLICT DO NOTHING instead, and only the rows actually inserted are counted and rolled up.
import type pg from "pg";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import type { Actor } from "../auth/roles";
import { copyEscape, isoUtc } from "./copy-format";
import { loadEnrichment, wasGranted, type Enrichment } from "./enrich";
import type { CanonicalEvent } from "./event-schema";
import { ensurePartitions } from "./partitions";
import { resolveIdentities } from "./resolve";

export type StoredEvent = CanonicalEvent & { source: string };
export type PersistResult = { inserted: number; duplicates: number; discovered: string[] };

const COLUMNS = [
  ["source", "text"], ["event_id", "text"], ["occurred_at", "timestamptz"], ["received_at", "timestamptz"],
  ["identity_id", "uuid"], ["identity_ref", "text"], ["actor_type", "actor_type"], ["credential_ref", "text"],
  ["action", "text"], ["resource", "text"], ["scope", "text"], ["decision", "decision"],
  ["auth_result", "auth_result"], ["reason", "text"], ["policy_id", "text"], ["source_ip", "text"],
  ["user_agent", "text"], ["origin", "text"], ["method", "text"], ["path", "text"], ["status", "int"],
  ["session_id", "text"], ["trace_id", "text"], ["parent_event_id", "text"], ["context", "jsonb"],
  ["owner_id", "uuid"], ["environment", "text"], ["granted", "boolean"], ["risk_class", "risk_class"],
] as const;
const NAMES = COLUMNS.map(([name]) => name).join(", ");

// Rollups, last-seen and last-used from the batch's pre-aggregated rows (times in epoch ms). The
// derived rollups (daily, per identity) are upserted here too, from the same rows, instead of by
// the statement triggers on event_rollups_hourly, which this transaction turns off (see
// migration 0006). Keys are locked in index order so concurrent batches queue on the same rows
// instead of deadlocking.
const ms = (param: string) => `to_timestamp(${param} / 1000.0)`;
const ROLLUP_SQL = `
WITH g AS MATERIALIZED (
  SELECT ${ms("h")} AS hour, i AS identity_id, s AS scope, d AS decision, gr AS granted, n, ${ms("f")} AS first_at,
         ${ms("l")} AS last_at
    FROM unnest($1::int8[], $2::uuid[], $3::text[], $4::decision[], $5::boolean[], $6::int8[], $7::int8[], $8::int8[])
         AS x(h, i, s, d, gr, n, f, l)
),
roll AS (
  INSERT INTO event_rollups_hourly AS r (hour, identity_id, scope, decision, granted, count, first_at, last_at)
  SELECT hour, identity_id, scope, decision, granted, n, first_at, last_at FROM g ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, identity_id, scope, decision, granted) DO UPDATE
    SET count = r.count + excluded.count, first_at = least(r.first_at, excluded.first_at),
        last_at = greatest(r.last_at, excluded.last_at)
  RETURNING 1
),
daily AS (
  INSERT INTO event_rollups_daily AS t (day, identity_id, scope, events, denials, ungranted_uses)
  SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, scope, sum(n), coalesce(sum(n) FILTER (WHERE decision = 'deny'), 0),
         coalesce(sum(n) FILTER (WHERE decision <> 'deny' AND NOT granted), 0)
    FROM g GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (day, identity_id, scope) DO UPDATE
    SET events = t.events + excluded.events, denials = t.denials + excluded.denials,
        ungranted_uses = t.ungranted_uses + excluded.ungranted_uses
  RETURNING 1
),
ident_hourly AS (
  INSERT INTO identity_events_hourly AS t (hour, identity_id, events, denials)
  SELECT hour, identity_id, sum(n), coalesce(sum(n) FILTER (WHERE decision = 'deny'), 0)
    FROM g GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (hour, identity_id) DO UPDATE SET events = t.events + excluded.events, denials = t.denials + excluded.denials
  RETURNING 1
),
ident_daily AS (
  INSERT INTO identity_events_daily AS t (day, identity_id, events, denials)
  SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, sum(n), coalesce(sum(n) FILTER (WHERE decision = 'deny'), 0)
    FROM g GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, identity_id) DO UPDATE SET events = t.events + excluded.events, denials = t.denials + excluded.denials
  RETURNING 1
),
seen AS (
  UPDATE identities i SET last_seen_at = m.last
    FROM (SELECT id, ${ms("l")} AS last FROM unnest($9::uuid[], $10::int8[]) AS x(id, l) ORDER BY 1) m
   WHERE i.id = m.id AND (i.last_seen_at IS NULL OR i.last_seen_at < m.last - interval '1 minute')
  RETURNING 1
),
used AS (
  UPDATE credentials c SET last_used_at = m.last
    FROM (SELECT fp, ${ms("l")} AS last FROM unnest($11::text[], $12::int8[]) AS x(fp, l)) m
   WHERE c.fingerprint = m.fp AND (c.last_used_at IS NULL OR c.last_used_at < m.last - interval '1 minute')
  RETURNING 1
)
SELECT (SELECT count(*) FROM roll) + (SELECT count(*) FROM daily) + (SELECT count(*) FROM ident_hourly)
     + (SELECT count(*) FROM ident_daily) + (SELECT count(*) FROM seen) + (SELECT count(*) FROM used) AS n`;

/** One event, enriched, ready to store: its COPY line and what the rollups need. */
type Row = { event: StoredEvent; line: string; at: number; identityId: string; granted: boolean | null };

const plain = (v: string | undefined): string => v ?? "";
const escaped = (v: string | undefined): string => (v ? copyEscape(v) : "");
const UNSAFE = /[\x00-\x1f\x7f\\]/;

/**
 * The COPY line of one event. NULL is written as the empty string: validation turns "" into
 * "absent", so no stored text value is empty.
 */
function render(r: Row, receivedAt: string, facts: Enrichment, esc: (v: string | undefined) => string): string {
  const e = r.event;
  const who = facts.identity.get(r.identityId);
  const risk = e.scope === undefined ? "" : (facts.riskClass.get(e.scope) ?? "");
  const context = e.context === undefined ? undefined : JSON.stringify(e.context);
  const granted = r.granted === null ? "" : r.granted ? "t" : "f";
  return `${esc(e.source)}\t${esc(e.eventId)}\t${isoUtc(r.at)}\t${receivedAt}\t${r.identityId}\t${esc(e.identity)}\t${e.actorType}\t${esc(e.credentialRef)}\t${esc(e.action)}\t${esc(e.resource)}\t${esc(e.scope)}\t${e.decision}\t${e.authResult ?? ""}\t${esc(e.reason)}\t${esc(e.policyId)}\t${esc(e.sourceIp)}\t${esc(e.userAgent)}\t${esc(e.origin)}\t${esc(e.method)}\t${esc(e.path)}\t${e.status ?? ""}\t${esc(e.sessionId)}\t${esc(e.traceId)}\t${esc(e.parentEventId)}\t${esc(context)}\t${who?.ownerId ?? ""}\t${esc(who?.environment ?? e.environment)}\t${granted}\t${risk}\n`;
}

function toRow(e: StoredEvent, identityId: string, receivedAt: string, facts: Enrichment): Row {
  const at = e.occurredAt.getTime();
  const row: Row = { event: e, line: "", at, identityId, granted: wasGranted(facts, identityId, e.scope, at) };
  // Validated text fields hold no control characters, so the fast form only needs a backslash
  // check; a line with one (or an inventory value with control characters) is rebuilt escaped.
  row.line = render(row, receivedAt, facts, plain);
  const env = facts.identity.get(identityId)?.environment;
  if (row.line.includes("\\") || (env && UNSAFE.test(env))) row.line = render(row, receivedAt, facts, escaped);
  return row;
}

const keyOf = (at: number, source: string, eventId: string) => `${at}\u0000${source}\u0000${eventId}`;

/** The batch without repeats of the table's unique key (occurred_at, source, event_id). */
function distinctRows(rows: Row[]): Row[] {
  const byId = new Map<string, Row>(); // eventId alone first: no key string per event
  const out: Row[] = [];
  let keys: Set<string> | undefined;
  for (const r of rows) {
    const first = byId.get(r.event.eventId);
    if (first === undefined) {
      byId.set(r.event.eventId, r);
      out.push(r);
      continue;
    }
    keys ??= new Set(out.map((x) => keyOf(x.at, x.event.source, x.event.eventId)));
    const k = keyOf(r.at, r.event.source, r.event.eventId);
    if (!keys.has(k)) {
      keys.add(k);
      out.push(r);
    }
  }
  return out;
}

async function copyInto(client: pg.PoolClient, table: string, rows: Row[]): Promise<void> {
  let body = "";
  for (const r of rows) body += r.line;
  await pipeline(Readable.from([body]), client.query(copyFrom(`COPY ${table} (${NAMES}) FROM STDIN (NULL '')`)));
}

// The slow path for batches that overlap what is stored: a per-connection temp table (emptied at
// commit), then one INSERT … ON CONFLICT DO NOTHING that says which rows were new.
const staged = new WeakSet<object>();
async function insertSkippingDuplicates(client: pg.PoolClient, rows: Row[]): Promise<Row[]> {
  if (!staged.has(client)) {
    const cols = COLUMNS.map(([name, type]) => `${name} ${type}`).join(", ");
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS ingest_stage (${cols}) ON COMMIT DELETE ROWS`);
    staged.add(client);
  }
  await copyInto(client, "ingest_stage", rows);
  const res = await client.query<{ occurred_at: Date; source: string; event_id: string }>(
    `INSERT INTO audit_events (${NAMES}) SELECT ${NAMES} FROM ingest_stage ON CONFLICT DO NOTHING
     RETURNING occurred_at, source, event_id`,
  );
  const fresh = new Set(res.rows.map((r) => keyOf(r.occurred_at.getTime(), r.source, r.event_id)));
  return rows.filter((r) => fresh.has(keyOf(r.at, r.event.source, r.event.eventId)));
}

type Group = { hour: number; identityId: string; scope: string; decision: string; granted: boolean; count: number; first: number; last: number };

function latest(m: Map<string, number>, key: string, at: number): void {
  const known = m.get(key);
  if (known === undefined || known < at) m.set(key, at);
}

async function updateRollups(client: pg.PoolClient, rows: Row[]): Promise<void> {
  const HOUR = 3_600_000;
  // identity → scope → (hour, decision, granted): nested maps, so no key string per event.
  const groups = new Map<string, Map<string, Map<number, Group>>>();
  const all: Group[] = [];
  const seen = new Map<string, number>();
  const used = new Map<string, number>();
  for (const r of rows) {
    const hour = r.at - (r.at % HOUR);
    const scope = r.event.scope ?? "";
    const granted = r.granted ?? false;
    const sub = (hour / HOUR) * 8 + (r.event.decision === "allow" ? 0 : r.event.decision === "deny" ? 2 : 4) + (granted ? 1 : 0);
    let byScope = groups.get(r.identityId);
    if (!byScope) groups.set(r.identityId, (byScope = new Map()));
    let byKey = byScope.get(scope);
    if (!byKey) byScope.set(scope, (byKey = new Map()));
    const g = byKey.get(sub);
    if (g) {
      g.count++;
      if (r.at < g.first) g.first = r.at;
      if (r.at > g.last) g.last = r.at;
    } else {
      const fresh = { hour, identityId: r.identityId, scope, decision: r.event.decision, granted, count: 1, first: r.at, last: r.at };
      byKey.set(sub, fresh);
      all.push(fresh);
    }
    latest(seen, r.identityId, r.at);
    if (r.event.credentialRef !== undefined) latest(used, r.event.credentialRef, r.at);
  }
  await client.query(ROLLUP_SQL, [
    all.map((g) => g.hour), all.map((g) => g.identityId), all.map((g) => g.scope), all.map((g) => g.decision),
    all.map((g) => g.granted), all.map((g) => g.count), all.map((g) => g.first), all.map((g) => g.last),
    [...seen.keys()], [...seen.values()], [...used.keys()], [...used.values()],
  ]);
}

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock, serialization failure: safe to redo whole
const UNIQUE_VIOLATION = "23505";

async function storeBatch(client: pg.PoolClient, actor: Actor, events: StoredEvent[]): Promise<PersistResult> {
  const { byRef, discovered } = await resolveIdentities(client, actor, events);
  const scopes = [...new Set(events.map((e) => e.scope).filter((s) => s !== undefined))];
  const facts = await loadEnrichment(client, [...new Set(byRef.values())], scopes);
  const receivedAt = new Date().toISOString();
  let rows = distinctRows(events.map((e) => toRow(e, byRef.get(e.identity)!, receivedAt, facts)));
  await client.query("SAVEPOINT copy_events"); // released by COMMIT
  try {
    await copyInto(client, "audit_events", rows);
  } catch (e) {
    if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    await client.query("ROLLBACK TO SAVEPOINT copy_events");
    rows = await insertSkippingDuplicates(client, rows);
  }
  if (rows.length) await updateRollups(client, rows);
  return { inserted: rows.length, duplicates: events.length - rows.length, discovered };
}

export async function persistEvents(pool: pg.Pool, actor: Actor, events: StoredEvent[]): Promise<PersistResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0, discovered: [] };
  await ensurePartitions(pool, events);
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let failed = false;
    try {
      // ROLLUP_SQL derives the coarser rollups itself: the triggers stand down for this transaction.
      await client.query("BEGIN; SET LOCAL warden.rollups_derived = 'by-writer'");
      const result = await storeBatch(client, actor, events);
      await client.query("COMMIT");
      return result;
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
