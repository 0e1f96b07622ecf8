// CSV export of every identity matching the filters (not just the visible page). Rows are read
// in keyset batches over the primary key as the download pulls them, so a 100k-identity export
// holds one batch in memory.
import { z } from "zod";
import { sql, type Runner } from "../db/sql";
import { defineExport, exportChunks, exportFilename, type ExportColumn } from "../exports/stream-export";
import { FILTER_KEYS, ParsedIdentityFilters, type IdentityFilters } from "./filters";
import { identityConditions, whereClause } from "./identity-sql";
import { riskBand } from "./risk";

type ExportRow = {
  id: string; external_id: string; name: string; kind: string; actor_type: string;
  provider: string; environment: string; status: string; team: string | null;
  person_name: string | null; person_email: string | null; risk_score: number;
  credentials_active: number; credentials_total: number; last_seen_at: Date | null;
  created_at: Date; purpose: string | null;
};

const column = (header: string, value: ExportColumn<ExportRow>["value"]): ExportColumn<ExportRow> => ({ header, field: header, value });

const IDENTITY_EXPORT_COLUMNS: readonly ExportColumn<ExportRow>[] = [
  column("id", (r) => r.id),
  column("external_id", (r) => r.external_id),
  column("name", (r) => r.name),
  column("kind", (r) => r.kind),
  column("actor_type", (r) => r.actor_type),
  column("provider", (r) => r.provider),
  column("environment", (r) => r.environment),
  column("status", (r) => r.status),
  column("owner_team", (r) => r.team),
  column("owner_person", (r) => r.person_name),
  column("owner_email", (r) => r.person_email),
  column("risk_score", (r) => r.risk_score),
  column("risk_band", (r) => riskBand(r.risk_score)),
  column("active_credentials", (r) => r.credentials_active),
  column("credentials", (r) => r.credentials_total),
  column("last_seen_at", (r) => r.last_seen_at),
  column("created_at", (r) => r.created_at),
  column("purpose", (r) => r.purpose),
];

function readBatch(db: Runner, filters: IdentityFilters, after: string | null, limit: number): Promise<ExportRow[]> {
  const conditions = identityConditions(filters);
  if (after) conditions.push(sql`i.id > ${after}::uuid`);
  return db.rows<ExportRow>(sql`
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

/** Every matching identity in keyset batches over the primary key. */
export async function* identityBatches(db: Runner, filters: IdentityFilters, batchSize = 1000): AsyncGenerator<ExportRow[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await readBatch(db, filters, after, batchSize);
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].id;
  }
}

/** The CSV text without recording an export (tests; callers that audit for themselves). */
export function identityCsvChunks(db: Runner, filters: IdentityFilters, batchSize?: number): AsyncGenerator<string> {
  return exportChunks("csv", IDENTITY_EXPORT_COLUMNS, identityBatches(db, filters, batchSize));
}

export const exportIdentitiesCsv = defineExport({
  action: "inventory.identities.export",
  permission: "inventory:read",
  input: z.object({
    filters: ParsedIdentityFilters,
    now: z.date().optional(),
    batchSize: z.number().int().min(1).max(50_000).optional(),
  }),
  async plan(_db, { filters, now = new Date(), batchSize }) {
    const applied = Object.fromEntries(FILTER_KEYS.flatMap((k) => (filters[k] ? [[k, filters[k]]] : [])));
    return {
      format: "csv",
      filename: exportFilename("warden-identities", "csv", now),
      columns: IDENTITY_EXPORT_COLUMNS,
      batches: (db: Runner) => identityBatches(db, filters, batchSize),
      // Exports leave the building: record who took which slice of the inventory.
      audit: { targetType: "identities", detail: { format: "csv", filters: applied } },
    };
  },
});
