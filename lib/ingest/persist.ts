// Stores a validated batch in one transaction: identities resolved (discovered ones created),
// events enriched (owner, environment, risk class, was the scope granted at that moment?) and
// inserted idempotently, the batch's rollup groups appended to the rollup deltas (which readers
// count at once and a fold moves into the rollups, rollup-fold.ts), identity last-seen and
// credential last-used updated.
//
// The common case — a batch of new events — is one binary COPY straight into audit_events, the
// cheapest way PostgreSQL takes rows (copy-binary.ts). COPY cannot skip duplicates, so it runs
// under a savepoint: when a retried or overlapping batch hits the unique key, the batch is staged
// and inserted with ON CONFLICT DO NOTHING instead, and only the rows actually inserted are
// counted and rolled up.
import type pg from "pg";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import type { Actor } from "../auth/roles";
import { withTransaction, type Runner } from "../db/sql";
import { STORED_EVENT_COLUMNS } from "../events/columns";
import { CopyBinaryWriter } from "./copy-binary";
import { loadEnrichment, wasGranted, type BatchUse, type Enrichment } from "./enrich";
import type { CanonicalEvent } from "./event-schema";
import { ensurePartitions } from "./partitions";
import { updateRollups } from "./rollup-batch";
import { detectBatch } from "../detections/detect-batch";
import { scheduleCandidateFold } from "../detections/fold";
import { rememberSources, type Pair } from "../detections/known-sources";
import type { DetectEvent } from "../detections/ingest-detector";
import { scheduleFold } from "./rollup-fold";
import { resolveIdentities } from "./resolve";

export type StoredEvent = CanonicalEvent & { source: string };
export type PersistResult = { inserted: number; duplicates: number; discovered: string[]; sourcePairs?: Pair[] };

// The columns ingest writes, in table order, from the one list of audit_events columns.
const COLUMNS = STORED_EVENT_COLUMNS;
const NAMES = COLUMNS.map(([name]) => name).join(", ");

/** One event, enriched, ready to store. */
type Row = { event: StoredEvent; at: number; identityId: string; granted: boolean | null };

/**
 * The rows as COPY binary data. Values follow COLUMNS' order; a test in
 * ingest-api.integration.test.ts reads every column back.
 */
function encodeRows(rows: readonly Row[], receivedAt: number, facts: Enrichment): Buffer {
  const w = new CopyBinaryWriter(rows.length * 512);
  for (const r of rows) {
    const e = r.event;
    const who = facts.identity.get(r.identityId);
    w.row(COLUMNS.length);
    w.text(e.source);
    w.text(e.eventId);
    w.timestamp(r.at);
    w.timestamp(receivedAt);
    w.uuid(r.identityId);
    w.text(e.identity);
    w.text(e.actorType);
    w.text(e.credentialRef);
    w.text(e.action);
    w.text(e.resource);
    w.text(e.scope);
    w.text(e.decision);
    w.text(e.authResult);
    w.text(e.reason);
    w.text(e.policyId);
    w.text(e.sourceIp);
    w.text(e.userAgent);
    w.text(e.origin);
    w.text(e.method);
    w.text(e.path);
    w.int4(e.status);
    w.text(e.sessionId);
    w.text(e.traceId);
    w.text(e.parentEventId);
    w.jsonb(e.context === undefined ? undefined : JSON.stringify(e.context));
    w.uuid(who?.ownerId);
    w.text(who?.environment ?? e.environment);
    w.bool(r.granted);
    w.text(e.scope === undefined ? undefined : facts.riskClass.get(e.scope));
  }
  return w.finish();
}

const keyOf = (at: number, source: string, eventId: string) => `${at}\u0000${source}\u0000${eventId}`;

/** The batch without repeats of the table's unique key (occurred_at, source, event_id). */
function distinctRows(rows: Row[]): Row[] {
  const byId = new Set<string>(); // eventId alone first: no key string per event
  const out: Row[] = [];
  let keys: Set<string> | undefined;
  for (const r of rows) {
    if (!byId.has(r.event.eventId)) {
      byId.add(r.event.eventId);
      out.push(r);
      keys?.add(keyOf(r.at, r.event.source, r.event.eventId));
      continue;
    }
    // A repeated eventId: from here on, compare whole keys (same id, other source or time is new).
    keys ??= new Set(out.map((x) => keyOf(x.at, x.event.source, x.event.eventId)));
    const k = keyOf(r.at, r.event.source, r.event.eventId);
    if (!keys.has(k)) {
      keys.add(k);
      out.push(r);
    }
  }
  return out;
}

async function copyInto(client: pg.PoolClient, table: string, data: Buffer): Promise<void> {
  await pipeline(Readable.from([data]), client.query(copyFrom(`COPY ${table} (${NAMES}) FROM STDIN (FORMAT binary)`)));
}

// The slow path for batches that overlap what is stored: a per-connection temp table (emptied at
// commit), then one INSERT … ON CONFLICT DO NOTHING that says which rows were new.
const staged = new WeakSet<object>();
async function insertSkippingDuplicates(client: pg.PoolClient, rows: Row[], data: Buffer): Promise<Row[]> {
  if (!staged.has(client)) {
    const cols = COLUMNS.map(([name, type]) => `${name} ${type}`).join(", ");
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS ingest_stage (${cols}) ON COMMIT DELETE ROWS`);
    staged.add(client);
  }
  await copyInto(client, "ingest_stage", data);
  const res = await client.query<{ occurred_at: Date; source: string; event_id: string }>(
    `INSERT INTO audit_events (${NAMES}) SELECT ${NAMES} FROM ingest_stage ON CONFLICT DO NOTHING
     RETURNING occurred_at, source, event_id`,
  );
  const fresh = new Set(res.rows.map((r) => keyOf(r.occurred_at.getTime(), r.source, r.event_id)));
  return rows.filter((r) => fresh.has(keyOf(r.at, r.event.source, r.event.eventId)));
}

const UNIQUE_VIOLATION = "23505";

function detectEvent(r: Row, facts: Enrichment): DetectEvent {
  const e = r.event;
  return {
    at: r.at, source: e.source, eventId: e.eventId, identityId: r.identityId, actorType: e.actorType, credentialRef: e.credentialRef,
    action: e.action, scope: e.scope, resource: e.resource, decision: e.decision, sourceIp: e.sourceIp, userAgent: e.userAgent,
    origin: e.origin, environment: e.environment, context: e.context, granted: r.granted,
    riskClass: e.scope === undefined ? null : (facts.riskClass.get(e.scope) ?? null),
  };
}

async function storeBatch(tx: Runner, actor: Actor, events: StoredEvent[], pool: pg.Pool): Promise<PersistResult> {
  const client = tx.pg as pg.PoolClient; // hot path: COPY streams and hand-built array literals
  const { byRef, discovered } = await resolveIdentities(tx, actor, events);
  // Each event is bound to its identity once; `granted` needs the facts loaded for these rows.
  let rows: Row[] = distinctRows(events.map((e) => ({ event: e, at: e.occurredAt.getTime(), identityId: byRef.get(e.identity)!, granted: null })));
  const use: BatchUse = new Map();
  for (const r of rows) {
    let scopes = use.get(r.identityId);
    if (!scopes) use.set(r.identityId, (scopes = new Set()));
    if (r.event.scope !== undefined) scopes.add(r.event.scope);
  }
  const facts = await loadEnrichment(client, use);
  for (const r of rows) r.granted = wasGranted(facts, r.identityId, r.event.scope, r.at);
  const data = encodeRows(rows, Date.now(), facts);
  await client.query("SAVEPOINT copy_events"); // released by COMMIT
  try {
    await copyInto(client, "audit_events", data);
  } catch (e) {
    if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    await client.query("ROLLBACK TO SAVEPOINT copy_events");
    rows = await insertSkippingDuplicates(client, rows, data);
  }
  let sourcePairs: Pair[] = [];
  if (rows.length) {
    // Detection on the stored rows, in this transaction: an event and what it raised commit
    // together. Before the rollups: their last-seen / last-used updates lock hot identity and
    // credential rows until commit, and detection must not lengthen that hold (concurrent batches
    // queue on those rows).
    ({ pairs: sourcePairs } = await detectBatch(client, rows.map((r) => detectEvent(r, facts)), (id) => facts.identity.get(id), pool));
    await updateRollups(client, rows);
  }
  return { inserted: rows.length, duplicates: events.length - rows.length, discovered, sourcePairs };
}

export async function persistEvents(pool: pg.Pool, actor: Actor, events: StoredEvent[]): Promise<PersistResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0, discovered: [] };
  await ensurePartitions(pool, events);
  // The ingest hot path speaks node-postgres directly (COPY streams, array literals it builds
  // itself); it still runs in the one transaction helper. Deadlocks redo the whole batch.
  const { sourcePairs = [], ...result } = await withTransaction(undefined, (tx) => storeBatch(tx, actor, events, pool), { pool, attempts: 4 });
  rememberSources(pool, sourcePairs);
  scheduleFold(pool);
  scheduleCandidateFold(pool);
  return result;
}
