// The plan (plan.ts) as the diff a person reviews before applying: exact counts, and the first
// rows of each kind of change (riskiest grants first) so the dry run can be read, not just counted.
import type { RiskClass } from "../../db/generated/enums";
import { sql, type Runner } from "../../db/sql";

export const SAMPLE_ROWS = 100;

export type IdentitySample = { externalId: string; name: string; kind: string; actorType: string };
export type GrantSample = { identity: string; name: string; scope: string; riskClass: RiskClass | null };
export type CredentialSample = { identity: string; fingerprint: string; type: string; status: string };
export type Counts = { added: number; changed: number; removed: number; unchanged: number };

export type ImportDiff = {
  identities: Counts & { adopted: number; merged: number; reappeared: number };
  grants: Counts & { addedByRisk: Partial<Record<RiskClass, number>>; removedByRisk: Partial<Record<RiskClass, number>> };
  credentials: Counts;
  scopes: { added: number };
  owners: { ownerless: number; newOwners: { team: string; email: string | null; name: string | null }[] };
  samples: {
    added: IdentitySample[];
    changed: (IdentitySample & { fields: string[] })[];
    removed: IdentitySample[];
    merged: { from: string; into: string }[];
    ownerless: IdentitySample[];
    grantsAdded: GrantSample[];
    grantsRemoved: GrantSample[];
    credentialsAdded: CredentialSample[];
    credentialsChanged: CredentialSample[];
    credentialsRemoved: CredentialSample[];
  };
};

export function emptyCounts(): Counts {
  return { added: 0, changed: 0, removed: 0, unchanged: 0 };
}

const RISK_RANK = sql`array_position(ARRAY['permission_change','admin','cross_tenant','secret_read','export','write','read']::risk_class[], r.risk_class)`;

export async function readDiff(tx: Runner): Promise<ImportDiff> {
  const row = await tx.one<{ diff: ImportDiff }>(sql`
    WITH ident AS (
      SELECT s.external_id, s.name, s.kind::text AS kind, s.actor_type::text AS actor_type, s.identity_id, s.owner_team,
             c.fields, c.old_status
        FROM imp_identities s LEFT JOIN imp_identity_changes c ON c.external_id = s.external_id
    ),
    gplan AS (
      SELECT p.identity, p.scope, p.action, coalesce(sc.risk_class, isc.risk_class) AS risk_class
        FROM imp_grant_plan p LEFT JOIN scopes sc ON sc.id = p.scope_id LEFT JOIN imp_scopes isc ON isc.name = p.scope
    ),
    gremoved AS (
      SELECT i.external_id AS identity, i.name, s.name AS scope, s.risk_class
        FROM imp_grant_removals r JOIN identities i ON i.id = r.identity_id JOIN scopes s ON s.id = r.scope_id
    ),
    cplan AS (SELECT identity, fingerprint, type::text AS type, status::text AS status, action FROM imp_credential_plan)
    SELECT json_build_object(
      'identities', json_build_object(
        'added', (SELECT count(*) FROM ident WHERE identity_id IS NULL),
        'changed', (SELECT count(*) FROM ident WHERE cardinality(fields) > 0),
        'removed', (SELECT count(*) FROM imp_identity_removals),
        'unchanged', (SELECT count(*) FROM ident WHERE cardinality(fields) = 0),
        'adopted', (SELECT count(*) FROM ident WHERE old_status = 'discovered'),
        'reappeared', (SELECT count(*) FROM ident WHERE old_status = 'decommissioned'),
        'merged', (SELECT count(*) FROM imp_merges)),
      'grants', json_build_object(
        'added', (SELECT count(*) FROM gplan WHERE action = 'add'),
        'changed', (SELECT count(*) FROM gplan WHERE action = 'change'),
        'removed', (SELECT count(*) FROM imp_grant_removals),
        'unchanged', (SELECT count(*) FROM gplan WHERE action = 'same'),
        'addedByRisk', coalesce((SELECT json_object_agg(risk_class, n) FROM (SELECT risk_class, count(*) AS n FROM gplan WHERE action = 'add' GROUP BY 1) x), '{}'),
        'removedByRisk', coalesce((SELECT json_object_agg(risk_class, n) FROM (SELECT risk_class, count(*) AS n FROM gremoved GROUP BY 1) x), '{}')),
      'credentials', json_build_object(
        'added', (SELECT count(*) FROM cplan WHERE action = 'add'),
        'changed', (SELECT count(*) FROM cplan WHERE action = 'change'),
        'removed', (SELECT count(*) FROM imp_credential_removals),
        'unchanged', (SELECT count(*) FROM cplan WHERE action = 'same')),
      'scopes', json_build_object('added', (SELECT count(*) FROM imp_scopes s WHERE NOT EXISTS (SELECT 1 FROM scopes x WHERE x.name = s.name))),
      'owners', json_build_object(
        'ownerless', (SELECT count(*) FROM ident i WHERE i.owner_team IS NULL
                        AND (i.identity_id IS NULL OR (SELECT owner_id FROM identities x WHERE x.id = i.identity_id) IS NULL)),
        'newOwners', coalesce((SELECT json_agg(o) FROM (
            SELECT DISTINCT owner_team AS team, owner_email AS email, owner_name AS name FROM imp_identities
             WHERE owner_team IS NOT NULL AND owner_id IS NULL ORDER BY 1, 2 LIMIT ${SAMPLE_ROWS}) o), '[]')),
      'samples', json_build_object(
        'added', coalesce((SELECT json_agg(x) FROM (SELECT external_id AS "externalId", name, kind, actor_type AS "actorType"
            FROM ident WHERE identity_id IS NULL ORDER BY name, external_id LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'changed', coalesce((SELECT json_agg(x) FROM (SELECT external_id AS "externalId", name, kind, actor_type AS "actorType", fields
            FROM ident WHERE cardinality(fields) > 0 ORDER BY name, external_id LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'removed', coalesce((SELECT json_agg(x) FROM (SELECT r.external_id AS "externalId", r.name, i.kind::text AS kind, i.actor_type::text AS "actorType"
            FROM imp_identity_removals r JOIN identities i ON i.id = r.id ORDER BY r.name, r.external_id LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'merged', coalesce((SELECT json_agg(x) FROM (SELECT from_ref AS "from", into_ref AS "into" FROM imp_merges
            UNION ALL SELECT renamed_from, external_id FROM imp_identities WHERE renamed_from IS NOT NULL ORDER BY 2, 1 LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'ownerless', coalesce((SELECT json_agg(x) FROM (SELECT external_id AS "externalId", name, kind, actor_type AS "actorType" FROM ident i
            WHERE i.owner_team IS NULL AND (i.identity_id IS NULL OR (SELECT owner_id FROM identities x WHERE x.id = i.identity_id) IS NULL)
            ORDER BY name, external_id LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'grantsAdded', coalesce((SELECT json_agg(x) FROM (SELECT r.identity, coalesce(s.name, i.name) AS name, r.scope, r.risk_class AS "riskClass"
            FROM gplan r LEFT JOIN imp_identities s ON s.external_id = r.identity LEFT JOIN identities i ON s.external_id IS NULL AND i.external_id = r.identity
            WHERE r.action = 'add' ORDER BY ${RISK_RANK}, 2, r.scope LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'grantsRemoved', coalesce((SELECT json_agg(x) FROM (SELECT r.identity, r.name, r.scope, r.risk_class AS "riskClass" FROM gremoved r
            ORDER BY ${RISK_RANK}, r.name, r.scope LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'credentialsAdded', coalesce((SELECT json_agg(x) FROM (SELECT identity, fingerprint, type, status FROM cplan WHERE action = 'add'
            ORDER BY identity, fingerprint LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'credentialsChanged', coalesce((SELECT json_agg(x) FROM (SELECT identity, fingerprint, type, status FROM cplan WHERE action = 'change'
            ORDER BY identity, fingerprint LIMIT ${SAMPLE_ROWS}) x), '[]'),
        'credentialsRemoved', coalesce((SELECT json_agg(x) FROM (SELECT i.external_id AS identity, c.fingerprint, c.type::text AS type, c.status::text AS status
            FROM imp_credential_removals r JOIN credentials c ON c.id = r.id JOIN identities i ON i.id = c.identity_id
            ORDER BY 1, 2 LIMIT ${SAMPLE_ROWS}) x), '[]'))
    ) AS diff`);
  return row!.diff;
}
