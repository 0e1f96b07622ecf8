// The identity facts the ingest detectors read, for the identities given (the fold and the
// backfill load them; the ingest path has them from enrichment already).
import { sql, type Runner } from "../db/sql";
import type { IdentityFacts } from "./ingest-detector";

export async function identityFacts(db: Runner, ids?: string[]): Promise<Map<string, IdentityFacts>> {
  const rows = await db.rows<IdentityFacts & { id: string }>(sql`
    SELECT id, name, external_id AS "externalId", kind::text AS kind, actor_type::text AS "actorType", environment, status::text AS status,
           EXISTS (SELECT 1 FROM grants g WHERE g.identity_id = identities.id) AS "hasGrants"
      FROM identities ${ids ? sql`WHERE id = ANY (${ids}::uuid[])` : sql``}`);
  return new Map(rows.map(({ id, ...f }) => [id, f]));
}
