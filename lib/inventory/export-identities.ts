// CSV export of every identity matching the filters (not just the visible page). Rows are read
// in keyset batches over the primary key and pulled by the response stream, so a 100k-identity
// export holds one batch in memory and stops reading when the client goes away.
import { textStream } from "../streams/text-stream";
import { appendAudit } from "../audit-log/append";
import { assertCan, type Actor } from "../auth/roles";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { csvLine, type CsvValue } from "./csv";
import { FILTER_KEYS, type IdentityFilters } from "./filters";
import { identityConditions, whereClause } from "./identity-sql";
import { riskBand } from "./risk";

const HEADER = [
  "id", "external_id", "name", "kind", "actor_type", "provider", "environment", "status",
  "owner_team", "owner_person", "owner_email", "risk_score", "risk_band",
  "active_credentials", "credentials", "last_seen_at", "created_at", "purpose",
] as const;

type ExportRow = {
  id: string; external_id: string; name: string; kind: string; actor_type: string;
  provider: string; environment: string; status: string; team: string | null;
  person_name: string | null; person_email: string | null; risk_score: number;
  credentials_active: number; credentials_total: number; last_seen_at: Date | null;
  created_at: Date; purpose: string | null;
};

function toCells(r: ExportRow): CsvValue[] {
  return [
    r.id, r.external_id, r.name, r.kind, r.actor_type, r.provider, r.environment, r.status,
    r.team, r.person_name, r.person_email, r.risk_score, riskBand(r.risk_score),
    r.credentials_active, r.credentials_total, r.last_seen_at, r.created_at, r.purpose,
  ];
}

async function readBatch(filters: IdentityFilters, after: string | null, limit: number) {
  const conditions = identityConditions(filters);
  if (after) conditions.push(Prisma.sql`i.id > ${after}::uuid`);
  return db().$queryRaw<ExportRow[]>(Prisma.sql`
    SELECT i.id, i.external_id, i.name, i.kind::text AS kind, i.actor_type::text AS actor_type,
           i.provider, i.environment, i.status::text AS status, o.team, o.person_name,
           o.person_email, i.risk_score, cr.active AS credentials_active,
           cr.total AS credentials_total, i.last_seen_at, i.created_at, i.purpose
    FROM (SELECT * FROM identities i ${whereClause(conditions)} ORDER BY i.id LIMIT ${limit}) i
    LEFT JOIN owners o ON o.id = i.owner_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE c.status = 'active'))::int AS active
      FROM credentials c WHERE c.identity_id = i.id
    ) cr
    ORDER BY i.id`);
}

/** Async iterator of CSV text: the header, then one chunk per batch. */
export async function* identityCsvChunks(
  filters: IdentityFilters,
  batchSize = 1000,
): AsyncGenerator<string> {
  yield csvLine(HEADER);
  let after: string | null = null;
  for (;;) {
    const rows = await readBatch(filters, after, batchSize);
    if (rows.length > 0) yield rows.map((r) => csvLine(toCells(r))).join("");
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].id;
  }
}

export type IdentityExport = { filename: string; stream: ReadableStream<Uint8Array> };

export async function exportIdentitiesCsv(
  actor: Actor,
  filters: IdentityFilters,
  opts: { batchSize?: number; now?: Date } = {},
): Promise<IdentityExport> {
  assertCan(actor, "inventory:read");
  const applied = Object.fromEntries(FILTER_KEYS.flatMap((k) => (filters[k] ? [[k, filters[k]]] : [])));
  // Exports leave the building: record who took which slice of the inventory.
  await appendAudit(db(), actor, {
    action: "inventory.identities.export",
    targetType: "identities",
    detail: { format: "csv", filters: applied },
  });
  const chunks = identityCsvChunks(filters, opts.batchSize);
  const stream = textStream(chunks);
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:]/g, "").replace(/\.\d+Z$/, "Z");
  return { filename: `warden-identities-${stamp}.csv`, stream };
}
