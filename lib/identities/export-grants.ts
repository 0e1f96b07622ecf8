// CSV of one identity's live grants with their usage in the window and why each is held (the
// import's provenance): the whole list, which the page caps when an identity holds thousands
// (AdministratorAccess is every IAM action).
import { z } from "zod";
import type { Actor } from "../auth/roles";
import { sql, type Runner } from "../db/sql";
import { defineExport, exportFilename, type ExportColumn } from "../exports/stream-export";
import { grantsWithUsage, type GrantUsage } from "./grants";
import { DEFAULT_USAGE_WINDOW } from "./params";

type Row = GrantUsage & { provenance: string | null };

const column = (header: string, value: ExportColumn<Row>["value"]): ExportColumn<Row> => ({ header, field: header, value });
const COLUMNS: readonly ExportColumn<Row>[] = [
  column("scope", (r) => r.scope), column("risk_class", (r) => r.riskClass), column("uses", (r) => r.uses), column("denied_or_failed", (r) => r.failed),
  column("last_used_at", (r) => r.lastUsedAt), column("idle_days", (r) => r.idleDays), column("granted_at", (r) => r.grantedAt),
  column("granted_by", (r) => r.grantedBy), column("expires_at", (r) => r.expiresAt), column("justification", (r) => r.justification),
  column("provenance", (r) => r.provenance),
];

/** One batch: the grants with usage (the page's query) and each grant's provenance. */
export async function* grantBatches(db: Runner, actor: Actor, input: { identityId: string; days: number; now: Date }): AsyncGenerator<Row[]> {
  const grants = await grantsWithUsage({ actor, tx: db }, input);
  const prov = await db.rows<{ id: string; provenance: string | null }>(sql`
    SELECT id::text, provenance::text FROM grants WHERE identity_id = ${input.identityId}::uuid AND revoked_at IS NULL`);
  const byId = new Map(prov.map((p) => [p.id, p.provenance]));
  yield grants.map((g) => ({ ...g, provenance: byId.get(g.grantId) ?? null }));
}

export const exportIdentityGrantsCsv = defineExport({
  action: "identity.grants.export",
  permission: "events:read",
  input: z.object({ identityId: z.guid(), days: z.number().int().min(1).max(3660).default(DEFAULT_USAGE_WINDOW), now: z.date().default(() => new Date()) }),
  async plan(_db, { identityId, days, now }, actor) {
    return {
      format: "csv",
      filename: exportFilename("warden-grants", "csv", now),
      columns: COLUMNS,
      batches: (db: Runner) => grantBatches(db, actor, { identityId, days, now }),
      audit: { targetType: "identity", targetId: identityId, detail: { format: "csv", days } },
    };
  },
});
