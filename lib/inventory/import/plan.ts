// The plan of an import, computed in SQL over the staged model (stage.ts) against the inventory,
// inside the import's transaction and before anything is written: which identities are new,
// changed (and which fields), gone (full imports, within the covered scopes only), merged from
// discovered ones; which grants and credentials are added, changed, revoked; which owners are
// unknown. A dry run stops here; apply.ts writes exactly this plan.
import { sql, type Runner } from "../../db/sql";
import { execAll } from "./stage";
import type { ImportMode, ImportModel, ImportSource } from "./types";

export type PlanScope = { source: ImportSource; mode: ImportMode; coverage: ImportModel["coverage"] };

/** Identity ids: existing ones by external id, then discovered identities this import names. */
async function resolveIdentities(tx: Runner): Promise<void> {
  await tx.exec(sql`UPDATE imp_identities s SET identity_id = i.id FROM identities i WHERE i.external_id = s.external_id`);
  // A discovered identity is the imported one under another name when that name is one of its
  // aliases, its unique id (AROA…:session, IAMUser:AIDA…), or one of a role's assumed-role sessions.
  await tx.exec(sql`
    CREATE TEMP TABLE imp_merges ON COMMIT DROP AS
    WITH keys AS (
      SELECT alias AS key, external_id FROM imp_aliases
      UNION
      SELECT regexp_replace(external_id, '^arn:([^:]+):iam::(\\d+):role/(.*/)?([^/]+)$', 'assumed-role:\\1:\\2/\\4'), external_id
        FROM imp_identities WHERE external_id ~ '^arn:[^:]+:iam::\\d+:role/'
    ),
    disc AS (
      SELECT d.id, d.external_id, d.created_at, k.key
        FROM identities d
        CROSS JOIN LATERAL (VALUES (d.external_id),
          (CASE WHEN split_part(d.external_id, ':', 1) ~ '^A[A-Z0-9]{15,}$' THEN split_part(d.external_id, ':', 1) END),
          (CASE WHEN split_part(d.external_id, ':', 2) ~ '^A[A-Z0-9]{15,}$' THEN split_part(d.external_id, ':', 2) END),
          (regexp_replace(d.external_id, '^arn:([^:]+):sts::(\\d+):assumed-role/([^/]+)/.*$', 'assumed-role:\\1:\\2/\\3'))) k(key)
       WHERE d.status = 'discovered' AND d.import_id IS NULL AND k.key IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM imp_identities x WHERE x.external_id = d.external_id)
    ),
    cand AS (SELECT DISTINCT disc.id AS from_id, disc.external_id AS from_ref, disc.created_at, keys.external_id AS into_ref
               FROM disc JOIN keys ON keys.key = disc.key)
    -- A discovered identity that could be two imported ones is left alone.
    SELECT c.* FROM cand c WHERE (SELECT count(DISTINCT into_ref) FROM cand x WHERE x.from_id = c.from_id) = 1`);
  // An imported identity that is new takes over its oldest discovered identity (id, events and
  // history kept; its old name becomes an alias); any others are merged into it.
  await tx.exec(sql`
    UPDATE imp_identities s SET identity_id = m.from_id, renamed_from = m.from_ref
      FROM (SELECT DISTINCT ON (into_ref) into_ref, from_id, from_ref FROM imp_merges ORDER BY into_ref, created_at, from_id) m
     WHERE s.external_id = m.into_ref AND s.identity_id IS NULL;
    DELETE FROM imp_merges m USING imp_identities s WHERE s.renamed_from = m.from_ref`);
}

/** Owner ids for the owners the source names; the rest (new owners) are created by apply. */
async function resolveOwners(tx: Runner): Promise<void> {
  await tx.exec(sql`
    -- An owner named by email only belongs to the team that person is already an owner in.
    UPDATE imp_identities s SET owner_team = coalesce(
        (SELECT o.team FROM owners o WHERE o.person_email = s.owner_email ORDER BY o.created_at, o.id LIMIT 1), 'Unassigned')
     WHERE s.owner_team IS NULL AND (s.owner_email IS NOT NULL OR s.owner_name IS NOT NULL);
    UPDATE imp_identities s SET owner_id = o.id FROM owners o
     WHERE s.owner_team IS NOT NULL AND o.team = s.owner_team AND o.person_email = coalesce(s.owner_email, '');
    -- A team named alone is that team's owner when the team has exactly one.
    UPDATE imp_identities s SET owner_id = t.id
      FROM (SELECT team, (array_agg(id))[1] AS id FROM owners GROUP BY team HAVING count(*) = 1) t
     WHERE s.owner_id IS NULL AND s.owner_email IS NULL AND s.owner_name IS NULL AND t.team = s.owner_team`);
}

async function planIdentities(tx: Runner, p: PlanScope): Promise<void> {
  await execAll(tx, [
    sql`
    CREATE TEMP TABLE imp_identity_changes ON COMMIT DROP AS
    SELECT s.external_id, s.identity_id, i.status AS old_status, array_remove(ARRAY[
        CASE WHEN s.renamed_from IS NOT NULL THEN 'external id' END,
        CASE WHEN i.name IS DISTINCT FROM s.name THEN 'name' END,
        CASE WHEN i.kind IS DISTINCT FROM s.kind THEN 'kind' END,
        CASE WHEN i.actor_type IS DISTINCT FROM s.actor_type THEN 'actor type' END,
        CASE WHEN i.provider IS DISTINCT FROM s.provider THEN 'provider' END,
        CASE WHEN s.environment <> 'unknown' AND i.environment IS DISTINCT FROM s.environment THEN 'environment' END,
        CASE WHEN i.status IS DISTINCT FROM s.status THEN 'status' END,
        CASE WHEN s.purpose IS NOT NULL AND i.purpose IS DISTINCT FROM s.purpose THEN 'purpose' END,
        CASE WHEN s.owner_team IS NOT NULL AND i.owner_id IS DISTINCT FROM s.owner_id THEN 'owner' END,
        CASE WHEN i.import_scope IS DISTINCT FROM s.import_scope THEN 'import scope' END,
        CASE WHEN (i.attributes || s.attributes) <> i.attributes THEN 'attributes' END
      ]::text[], NULL) AS fields
      FROM imp_identities s JOIN identities i ON i.id = s.identity_id`,
    sql`    CREATE TEMP TABLE imp_identity_removals ON COMMIT DROP AS
    SELECT i.id, i.external_id, i.name FROM identities i
     WHERE ${p.mode} = 'full' AND i.import_scope = ANY(${p.coverage.identities}::text[]) AND i.import_id IS NOT NULL
       AND i.status <> 'decommissioned'
       AND NOT EXISTS (SELECT 1 FROM imp_identities s WHERE s.identity_id = i.id)`,
  ]);
}

async function planGrants(tx: Runner, p: PlanScope): Promise<void> {
  await execAll(tx, [
    sql`
    CREATE TEMP TABLE imp_grant_plan ON COMMIT DROP AS
    SELECT g.identity, g.scope, g.granted_at, g.expires_at, g.justification, g.provenance_id, g.origin,
           coalesce(s.identity_id, i.id) AS identity_id, (s.external_id IS NOT NULL OR i.id IS NOT NULL) AS identity_known,
           sc.id AS scope_id, lg.id AS live_id,
           CASE WHEN lg.id IS NULL THEN 'add'
                WHEN lg.import_id IS NOT NULL AND (lg.provenance IS DISTINCT FROM pv.doc OR lg.expires_at IS DISTINCT FROM g.expires_at) THEN 'change'
                ELSE 'same' END AS action
      FROM imp_grants g
      JOIN imp_provenance pv ON pv.id = g.provenance_id
      LEFT JOIN imp_identities s ON s.external_id = g.identity
      LEFT JOIN identities i ON s.external_id IS NULL AND i.external_id = g.identity
      LEFT JOIN scopes sc ON sc.name = g.scope
      LEFT JOIN grants lg ON lg.identity_id = coalesce(s.identity_id, i.id) AND lg.scope_id = sc.id AND lg.revoked_at IS NULL`,
    sql`    -- Gone from a full import: the live grants earlier imports of this source made on identities
    -- in the covered scopes, and every live grant of an identity that is itself gone.
    CREATE TEMP TABLE imp_grant_removals ON COMMIT DROP AS
    SELECT g.id, g.identity_id, g.scope_id FROM grants g
      JOIN identities i ON i.id = g.identity_id
     WHERE ${p.mode} = 'full' AND g.revoked_at IS NULL AND i.import_scope = ANY(${p.coverage.grants}::text[])
       AND g.import_id IN (SELECT id FROM inventory_imports WHERE source = ${p.source})
       AND NOT EXISTS (SELECT 1 FROM imp_grant_plan x WHERE x.live_id = g.id)
    UNION
    SELECT g.id, g.identity_id, g.scope_id FROM grants g JOIN imp_identity_removals r ON r.id = g.identity_id WHERE g.revoked_at IS NULL`,
  ]);
}

async function planCredentials(tx: Runner, p: PlanScope): Promise<void> {
  await execAll(tx, [
    sql`
    CREATE TEMP TABLE imp_credential_plan ON COMMIT DROP AS
    SELECT c.*, coalesce(s.identity_id, i.id) AS identity_id, (s.external_id IS NOT NULL OR i.id IS NOT NULL) AS identity_known,
           x.id AS existing_id,
           CASE WHEN x.id IS NULL THEN 'add'
                WHEN x.identity_id IS DISTINCT FROM coalesce(s.identity_id, i.id) OR x.type <> c.type OR x.issued_at <> c.issued_at
                  OR x.expires_at IS DISTINCT FROM c.expires_at OR x.last_rotated_at IS DISTINCT FROM c.last_rotated_at
                  OR x.status <> c.status OR c.last_used_at > coalesce(x.last_used_at, '-infinity') THEN 'change'
                ELSE 'same' END AS action
      FROM imp_credentials c
      LEFT JOIN imp_identities s ON s.external_id = c.identity
      LEFT JOIN identities i ON s.external_id IS NULL AND i.external_id = c.identity
      LEFT JOIN credentials x ON x.fingerprint = c.fingerprint`,
    sql`    CREATE TEMP TABLE imp_credential_removals ON COMMIT DROP AS
    SELECT x.id FROM credentials x JOIN identities i ON i.id = x.identity_id
     WHERE ${p.mode} = 'full' AND x.status <> 'revoked' AND x.import_id IS NOT NULL
       AND i.import_scope = ANY(${p.coverage.credentials}::text[])
       AND NOT EXISTS (SELECT 1 FROM imp_credentials c WHERE c.fingerprint = x.fingerprint)
    UNION
    SELECT x.id FROM credentials x JOIN imp_identity_removals r ON r.id = x.identity_id WHERE x.status <> 'revoked'`,
  ]);
}

export async function computePlan(tx: Runner, p: PlanScope): Promise<void> {
  await resolveIdentities(tx);
  await resolveOwners(tx);
  await planIdentities(tx, p);
  await planGrants(tx, p);
  await planCredentials(tx, p);
  await tx.exec(sql`ANALYZE imp_grant_plan, imp_identities`);
}
