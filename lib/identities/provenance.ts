// Where an identity's record comes from: the import that created it and the one that last changed
// it (source, file SHA-256, collection time, the command that produced the file, who imported it),
// the other names events use for it, and the identities it acts as or that act as it.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { raw, sql } from "../db/sql";

export type ImportRef = { id: string; source: string; mode: string; files: { name: string; sha256: string }[]; collectedAt: string; createdAt: string; command: string; actorLabel: string };
export type LinkedIdentity = { relation: string; targetRef: string; identityId: string | null; name: string | null; direction: "acts as" | "used by" };
export type IdentityProvenance = { created: ImportRef | null; changed: ImportRef | null; aliases: { alias: string; kind: string }[]; links: LinkedIdentity[] };

type RawRef = Omit<ImportRef, "collectedAt" | "createdAt"> & { collectedAt: Date; createdAt: Date };
const ref = (r: RawRef | null): ImportRef | null => (r ? { ...r, collectedAt: new Date(r.collectedAt).toISOString(), createdAt: new Date(r.createdAt).toISOString() } : null);

const IMPORT_JSON = (column: "created_import_id" | "import_id") => sql`(SELECT json_build_object('id', m.id, 'source', m.source, 'mode', m.mode,
  'files', (SELECT json_agg(json_build_object('name', f->>'name', 'sha256', f->>'sha256')) FROM jsonb_array_elements(m.files) f),
  'collectedAt', m.collected_at, 'createdAt', m.created_at, 'command', m.command, 'actorLabel', m.actor_label)
  FROM inventory_imports m WHERE m.id = ${raw(`i.${column}`)})`;

export const identityProvenance = defineQuery({
  permission: "inventory:read",
  input: z.object({ identityId: z.guid() }),
  async run(db, { identityId }): Promise<IdentityProvenance> {
    const row = await db.one<{ created: RawRef | null; changed: RawRef | null; aliases: IdentityProvenance["aliases"] | null; links: LinkedIdentity[] | null }>(sql`
      SELECT ${IMPORT_JSON("created_import_id")} AS created, ${IMPORT_JSON("import_id")} AS changed,
             (SELECT json_agg(json_build_object('alias', a.alias, 'kind', a.kind) ORDER BY a.alias) FROM identity_aliases a WHERE a.identity_id = i.id) AS aliases,
             (SELECT json_agg(x ORDER BY x.direction, x."targetRef") FROM (
                SELECT l.relation, l.target_ref AS "targetRef", t.id AS "identityId", t.name, 'acts as' AS direction
                  FROM identity_links l
                  LEFT JOIN identity_aliases ta ON ta.alias = l.target_ref
                  LEFT JOIN identities t ON t.external_id = l.target_ref OR t.id = ta.identity_id
                 WHERE l.identity_id = i.id
                UNION ALL
                SELECT l.relation, s.external_id, s.id, s.name, 'used by'
                  FROM identity_links l JOIN identities s ON s.id = l.identity_id
                 WHERE l.target_ref = i.external_id OR l.target_ref IN (SELECT alias FROM identity_aliases WHERE identity_id = i.id)) x) AS links
        FROM identities i WHERE i.id = ${identityId}::uuid`);
    return { created: ref(row?.created ?? null), changed: ref(row?.changed ?? null), aliases: row?.aliases ?? [], links: row?.links ?? [] };
  },
});
