// Writes the plan (plan.ts) in the import's transaction: owners and scopes first, then identities
// (new, changed, adopted from discovered ones, merged), aliases and links, grants (added, changed,
// revoked "by import"), credentials, decommissioned identities and their risk scores. Every
// record created or changed points at the import (import_id); nothing is deleted except the rows
// of discovered identities merged into the imported one, whose events and history move with them.
import { sql, type Runner } from "../../db/sql";
import { execAll } from "./stage";
import { recomputeRiskScores } from "../risk-score";
import type { ImportProgress, ImportSource } from "./types";

export type ApplyContext = { importId: string; source: ImportSource; now: Date; revokeReason: string; progress: ImportProgress };

async function ownersAndScopes(tx: Runner): Promise<void> {
  await tx.exec(sql`
    INSERT INTO owners (team, person_name, person_email)
    SELECT DISTINCT ON (owner_team, coalesce(owner_email, '')) owner_team,
           coalesce(owner_name, split_part(owner_email, '@', 1), owner_team), coalesce(owner_email, '')
      FROM imp_identities WHERE owner_team IS NOT NULL AND owner_id IS NULL
      ORDER BY owner_team, coalesce(owner_email, ''), owner_name
    ON CONFLICT (team, person_email) DO NOTHING;
    UPDATE imp_identities s SET owner_id = o.id FROM owners o
     WHERE s.owner_id IS NULL AND s.owner_team IS NOT NULL AND o.team = s.owner_team AND o.person_email = coalesce(s.owner_email, '');
    INSERT INTO scopes (name, resource, risk_class, provider, description)
    SELECT name, resource, risk_class, provider, description FROM imp_scopes ORDER BY name
    ON CONFLICT (name) DO NOTHING`);
}

async function identities(tx: Runner, c: ApplyContext): Promise<void> {
  await execAll(tx, [
    sql`
    UPDATE identities i SET
      external_id = s.external_id, name = s.name, kind = s.kind, actor_type = s.actor_type, provider = s.provider,
      environment = CASE WHEN s.environment = 'unknown' THEN i.environment ELSE s.environment END,
      status = s.status, purpose = coalesce(s.purpose, i.purpose),
      -- The source's owner tag wins when it has one; otherwise the owner assigned in Warden stays.
      owner_id = CASE WHEN s.owner_team IS NULL THEN i.owner_id ELSE s.owner_id END,
      import_scope = s.import_scope, attributes = i.attributes || s.attributes,
      last_seen_at = greatest(i.last_seen_at, s.last_seen_at),
      import_id = ${c.importId}::uuid, created_import_id = coalesce(i.created_import_id, ${c.importId}::uuid)
      FROM imp_identity_changes x JOIN imp_identities s ON s.external_id = x.external_id
     WHERE i.id = x.identity_id AND cardinality(x.fields) > 0`,
  ]);
  // Unchanged identities only move their last use forward (not a change of the record).
  await tx.exec(sql`
    UPDATE identities i SET last_seen_at = s.last_seen_at
      FROM imp_identities s JOIN imp_identity_changes x ON x.external_id = s.external_id AND cardinality(x.fields) = 0
     WHERE i.id = s.identity_id AND s.last_seen_at > coalesce(i.last_seen_at, '-infinity')`);
  await tx.exec(sql`
    WITH ins AS (
      INSERT INTO identities (external_id, name, kind, actor_type, provider, environment, status, purpose, owner_id,
                              attributes, last_seen_at, import_id, created_import_id, import_scope)
      SELECT external_id, name, kind, actor_type, provider, environment, status, purpose, owner_id,
             attributes, last_seen_at, ${c.importId}::uuid, ${c.importId}::uuid, import_scope
        FROM imp_identities WHERE identity_id IS NULL ORDER BY external_id
      RETURNING id, external_id)
    UPDATE imp_identities s SET identity_id = ins.id FROM ins WHERE s.external_id = ins.external_id`);
  await execAll(tx, [
    sql`
    INSERT INTO identity_aliases (alias, identity_id, kind, import_id)
    SELECT renamed_from, identity_id, 'discovered as', ${c.importId}::uuid FROM imp_identities WHERE renamed_from IS NOT NULL
    UNION ALL
    SELECT DISTINCT ON (a.alias) a.alias, s.identity_id, 'source id', ${c.importId}::uuid
      FROM imp_aliases a JOIN imp_identities s ON s.external_id = a.external_id
     WHERE NOT EXISTS (SELECT 1 FROM identities x WHERE x.external_id = a.alias)
    ON CONFLICT (alias) DO NOTHING`,
    sql`    DELETE FROM identity_links l USING imp_identities s
     WHERE l.identity_id = s.identity_id AND l.import_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM imp_links n WHERE n.external_id = s.external_id AND n.target_ref = l.target_ref AND n.relation = l.relation)`,
    sql`    INSERT INTO identity_links (identity_id, target_ref, relation, import_id)
    SELECT s.identity_id, n.target_ref, n.relation, ${c.importId}::uuid FROM imp_links n JOIN imp_identities s ON s.external_id = n.external_id
    ON CONFLICT DO NOTHING`,
  ]);
}

/** Discovered identities that turned out to be imported ones: their events, rollups, credentials and grants move over. */
async function merges(tx: Runner, c: ApplyContext): Promise<number> {
  const n = await tx.exec(sql`
    CREATE TEMP TABLE imp_merge_map ON COMMIT DROP AS
    SELECT m.from_id, m.from_ref, s.identity_id AS to_id FROM imp_merges m JOIN imp_identities s ON s.external_id = m.into_ref`);
  if (!n) return 0;
  // No fold may move deltas of these identities meanwhile (rollup-fold.ts takes the same lock).
  await tx.exec(sql`SELECT pg_advisory_xact_lock(hashtext('warden_rollup_fold'))`);
  await tx.exec(sql`SELECT set_config('warden.identity_merge', 'on', true)`);
  await tx.exec(sql`
    UPDATE audit_events e SET identity_id = m.to_id FROM imp_merge_map m WHERE e.identity_id = m.from_id;
    UPDATE event_rollup_deltas d SET identity_id = m.to_id FROM imp_merge_map m WHERE d.identity_id = m.from_id;
    WITH moved AS (
      DELETE FROM event_rollups_hourly r USING imp_merge_map m WHERE r.identity_id = m.from_id
      RETURNING r.hour, m.to_id, r.scope, r.decision, r.granted, r.count, r.first_at, r.last_at)
    INSERT INTO event_rollups_hourly AS t (hour, identity_id, scope, decision, granted, count, first_at, last_at)
    SELECT hour, to_id, scope, decision, granted, sum(count), min(first_at), max(last_at) FROM moved GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (hour, identity_id, scope, decision, granted) DO UPDATE
      SET count = t.count + excluded.count, first_at = least(t.first_at, excluded.first_at), last_at = greatest(t.last_at, excluded.last_at)`);
  await tx.exec(sql`SELECT set_config('warden.identity_merge', 'off', true)`);
  await execAll(tx, [
    sql`
    UPDATE credentials x SET identity_id = m.to_id FROM imp_merge_map m WHERE x.identity_id = m.from_id`,
    sql`    UPDATE grants g SET revoked_at = ${c.now}, revoked_by = ${`${c.source} import`}, revoke_reason = 'merged into the imported identity, which holds the same scope'
      FROM imp_merge_map m WHERE g.identity_id = m.from_id AND g.revoked_at IS NULL
       AND EXISTS (SELECT 1 FROM grants x WHERE x.identity_id = m.to_id AND x.scope_id = g.scope_id AND x.revoked_at IS NULL)`,
    sql`    UPDATE grants g SET identity_id = m.to_id FROM imp_merge_map m WHERE g.identity_id = m.from_id`,
    sql`    UPDATE findings f SET identity_id = m.to_id FROM imp_merge_map m WHERE f.identity_id = m.from_id`,
    sql`    UPDATE identity_aliases a SET identity_id = m.to_id FROM imp_merge_map m WHERE a.identity_id = m.from_id`,
    sql`    UPDATE identities i SET last_seen_at = greatest(i.last_seen_at, d.last_seen_at)
      FROM imp_merge_map m JOIN identities d ON d.id = m.from_id WHERE i.id = m.to_id`,
    sql`    INSERT INTO identity_aliases (alias, identity_id, kind, import_id)
    SELECT from_ref, to_id, 'discovered as', ${c.importId}::uuid FROM imp_merge_map ON CONFLICT (alias) DO NOTHING`,
    sql`    DELETE FROM identities i USING imp_merge_map m WHERE i.id = m.from_id`,
  ]);
  return n;
}

async function grants(tx: Runner, c: ApplyContext): Promise<void> {
  await tx.exec(sql`
    INSERT INTO grants (identity_id, scope_id, granted_by, granted_at, justification, expires_at, import_id, provenance)
    SELECT coalesce(p.identity_id, s.identity_id), coalesce(p.scope_id, sc.id), ${`${c.source} import`}, p.granted_at,
           p.justification, p.expires_at, ${c.importId}::uuid, pv.doc
      FROM imp_grant_plan p
      JOIN imp_provenance pv ON pv.id = p.provenance_id
      LEFT JOIN imp_identities s ON p.identity_id IS NULL AND s.external_id = p.identity
      LEFT JOIN scopes sc ON p.scope_id IS NULL AND sc.name = p.scope
     WHERE p.action = 'add'`);
  await execAll(tx, [
    sql`
    UPDATE grants g SET provenance = pv.doc, expires_at = p.expires_at, import_id = ${c.importId}::uuid
      FROM imp_grant_plan p JOIN imp_provenance pv ON pv.id = p.provenance_id WHERE p.action = 'change' AND g.id = p.live_id`,
    sql`    UPDATE grants g SET revoked_at = ${c.now}, revoked_by = ${`${c.source} import`}, revoke_reason = ${c.revokeReason}
      FROM imp_grant_removals r WHERE g.id = r.id`,
  ]);
}

async function credentials(tx: Runner, c: ApplyContext): Promise<void> {
  await execAll(tx, [
    sql`
    INSERT INTO credentials (identity_id, type, fingerprint, issued_at, expires_at, last_rotated_at, last_used_at, status, import_id)
    SELECT coalesce(p.identity_id, s.identity_id), p.type, p.fingerprint, p.issued_at, p.expires_at, p.last_rotated_at,
           p.last_used_at, p.status, ${c.importId}::uuid
      FROM imp_credential_plan p LEFT JOIN imp_identities s ON p.identity_id IS NULL AND s.external_id = p.identity
     WHERE p.action = 'add'`,
    sql`    UPDATE credentials x SET identity_id = p.identity_id, type = p.type, issued_at = p.issued_at, expires_at = p.expires_at,
           last_rotated_at = p.last_rotated_at, last_used_at = greatest(x.last_used_at, p.last_used_at), status = p.status,
           import_id = ${c.importId}::uuid
      FROM imp_credential_plan p WHERE p.action = 'change' AND x.id = p.existing_id`,
    sql`    UPDATE credentials x SET status = 'revoked', import_id = ${c.importId}::uuid FROM imp_credential_removals r WHERE x.id = r.id`,
  ]);
}

/** Writes the plan; returns how many discovered identities were merged away. */
export async function applyPlan(tx: Runner, c: ApplyContext): Promise<{ merged: number }> {
  const step = (name: string) => c.progress({ phase: "writing", step: name });
  step("owners and scopes");
  await ownersAndScopes(tx);
  step("identities");
  await identities(tx, c);
  step("merges");
  const merged = await merges(tx, c);
  step("grants");
  await grants(tx, c);
  step("credentials");
  await credentials(tx, c);
  step("risk scores");
  await tx.exec(sql`
    UPDATE identities i SET status = 'decommissioned', import_id = ${c.importId}::uuid FROM imp_identity_removals r WHERE i.id = r.id`);
  const touched = await tx.rows<{ id: string }>(sql`
    SELECT identity_id AS id FROM imp_identities UNION SELECT id FROM imp_identity_removals UNION SELECT identity_id FROM imp_grant_plan WHERE identity_id IS NOT NULL`);
  await recomputeRiskScores(tx, c.now, touched.map((r) => r.id));
  return { merged };
}
