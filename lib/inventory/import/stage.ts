// Puts an import model into temporary tables of the import's transaction (dropped at its end), so
// the plan and the writes are set-based SQL over them. Rows go in with binary COPY, the same
// writer ingest uses (lib/ingest/copy-binary.ts): half a million grants are a few seconds, not a
// few minutes of INSERTs. This module and apply.ts are the import's bulk path: they use the
// transaction's node-postgres client for COPY, as ingest's persist.ts does.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { sql, type Runner, type Sql } from "../../db/sql";
import { CopyBinaryWriter } from "../../ingest/copy-binary";
import type { ImportModel } from "./types";

const TABLES = sql`
  CREATE TEMP TABLE imp_identities (
    external_id text PRIMARY KEY, name text NOT NULL, kind identity_kind NOT NULL, actor_type actor_type NOT NULL,
    provider text NOT NULL, environment text NOT NULL, status identity_status NOT NULL, purpose text,
    owner_team text, owner_email text, owner_name text, import_scope text NOT NULL, attributes jsonb NOT NULL,
    last_seen_at timestamptz, identity_id uuid, renamed_from text, owner_id uuid
  ) ON COMMIT DROP;
  CREATE TEMP TABLE imp_aliases (external_id text NOT NULL, alias text NOT NULL) ON COMMIT DROP;
  CREATE TEMP TABLE imp_links (external_id text NOT NULL, target_ref text NOT NULL, relation text NOT NULL) ON COMMIT DROP;
  CREATE TEMP TABLE imp_credentials (
    identity text NOT NULL, type credential_type NOT NULL, fingerprint text PRIMARY KEY, issued_at timestamptz NOT NULL,
    expires_at timestamptz, last_rotated_at timestamptz, last_used_at timestamptz, status credential_status NOT NULL, origin text
  ) ON COMMIT DROP;
  CREATE TEMP TABLE imp_scopes (
    name text PRIMARY KEY, resource text NOT NULL, risk_class risk_class NOT NULL, provider text NOT NULL, description text
  ) ON COMMIT DROP;
  CREATE TEMP TABLE imp_grants (
    identity text NOT NULL, scope text NOT NULL, granted_at timestamptz NOT NULL, expires_at timestamptz,
    justification text, provenance_id integer NOT NULL, origin text
  ) ON COMMIT DROP;
  -- Grants share few distinct provenances (every action of one statement): each is sent and parsed once.
  CREATE TEMP TABLE imp_provenance (id integer PRIMARY KEY, doc jsonb NOT NULL) ON COMMIT DROP`;

const ROWS_PER_CHUNK = 20_000;

type Column<T> = (w: CopyBinaryWriter, row: T) => void;

const time = (w: CopyBinaryWriter, d: Date | null) => (d ? w.timestamp(d.getTime()) : w.null());

/** COPY rows into a staged table, a chunk of rows at a time (never one buffer for all of them). */
async function copyRows<T>(client: pg.PoolClient, table: string, names: string, rows: readonly T[], columns: Column<T>[]): Promise<void> {
  if (!rows.length) return;
  function* chunks(): Generator<Buffer> {
    const w = new CopyBinaryWriter(1 << 20);
    for (let i = 0; i < rows.length; i++) {
      w.row(columns.length);
      for (const c of columns) c(w, rows[i]);
      if ((i + 1) % ROWS_PER_CHUNK === 0) yield w.take();
    }
    yield w.finish();
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN (FORMAT binary)`)));
}

export async function stageModel(tx: Runner, m: ImportModel): Promise<void> {
  await tx.exec(TABLES);
  const client = tx.pg as pg.PoolClient;
  await copyRows(client, "imp_identities",
    "external_id, name, kind, actor_type, provider, environment, status, purpose, owner_team, owner_email, owner_name, import_scope, attributes, last_seen_at",
    m.identities, [
      (w, i) => w.text(i.externalId), (w, i) => w.text(i.name), (w, i) => w.text(i.kind), (w, i) => w.text(i.actorType),
      (w, i) => w.text(i.provider), (w, i) => w.text(i.environment), (w, i) => w.text(i.status), (w, i) => w.text(i.purpose),
      (w, i) => w.text(i.owner?.team), (w, i) => w.text(i.owner?.email), (w, i) => w.text(i.owner?.name), (w, i) => w.text(i.importScope),
      (w, i) => w.jsonb(JSON.stringify(i.attributes)), (w, i) => time(w, i.lastSeenAt),
    ]);
  const aliases = m.identities.flatMap((i) => i.aliases.map((alias) => ({ id: i.externalId, alias })));
  await copyRows(client, "imp_aliases", "external_id, alias", aliases, [(w, a) => w.text(a.id), (w, a) => w.text(a.alias)]);
  const links = m.identities.flatMap((i) => i.links.map((l) => ({ id: i.externalId, ...l })));
  await copyRows(client, "imp_links", "external_id, target_ref, relation", links, [(w, l) => w.text(l.id), (w, l) => w.text(l.targetRef), (w, l) => w.text(l.relation)]);
  await copyRows(client, "imp_credentials", "identity, type, fingerprint, issued_at, expires_at, last_rotated_at, last_used_at, status, origin", m.credentials, [
    (w, c) => w.text(c.identity), (w, c) => w.text(c.type), (w, c) => w.text(c.fingerprint), (w, c) => time(w, c.issuedAt),
    (w, c) => time(w, c.expiresAt), (w, c) => time(w, c.lastRotatedAt), (w, c) => time(w, c.lastUsedAt), (w, c) => w.text(c.status),
    (w, c) => w.text(c.origin),
  ]);
  await copyRows(client, "imp_scopes", "name, resource, risk_class, provider, description", m.scopes, [
    (w, s) => w.text(s.name), (w, s) => w.text(s.resource), (w, s) => w.text(s.riskClass), (w, s) => w.text(s.provider), (w, s) => w.text(s.description),
  ]);
  const provenanceIds = new Map<string, number>();
  for (const g of m.grants) if (!provenanceIds.has(g.provenance)) provenanceIds.set(g.provenance, provenanceIds.size);
  await copyRows(client, "imp_provenance", "id, doc", [...provenanceIds], [(w, [, id]) => w.int4(id), (w, [doc]) => w.jsonb(doc)]);
  await copyRows(client, "imp_grants", "identity, scope, granted_at, expires_at, justification, provenance_id, origin", m.grants, [
    (w, g) => w.text(g.identity), (w, g) => w.text(g.scope), (w, g) => time(w, g.grantedAt), (w, g) => time(w, g.expiresAt),
    (w, g) => w.text(g.justification), (w, g) => w.int4(provenanceIds.get(g.provenance)), (w, g) => w.text(g.origin),
  ]);
  // Fresh temp tables have no statistics: without them the plan's joins are guessed badly.
  await tx.exec(sql`ANALYZE imp_identities, imp_aliases, imp_credentials, imp_grants, imp_provenance`);
}

/** Runs statements one after the other (a statement with bind parameters must be sent alone). */
export async function execAll(tx: Runner, statements: Sql[]): Promise<void> {
  for (const s of statements) await tx.exec(s);
}
