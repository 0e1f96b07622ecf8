// Bulk inserts of the inventory: one INSERT … SELECT FROM unnest(arrays) per table.
import type pg from "pg";
import type { Estate } from "../types";

type Client = Pick<pg.PoolClient, "query">;

const col = <T, V>(rows: readonly T[], f: (r: T) => V): V[] => rows.map(f);

export async function insertInventory(client: Client, e: Estate): Promise<void> {
  await client.query(
    `INSERT INTO owners (id, team, person_name, person_email, created_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`,
    [col(e.owners, (o) => o.id), col(e.owners, (o) => o.team), col(e.owners, (o) => o.personName),
     col(e.owners, (o) => o.personEmail), col(e.owners, (o) => o.createdAt)],
  );
  const ids = e.identities;
  await client.query(
    `INSERT INTO identities (id, external_id, name, kind, actor_type, provider, environment, status, purpose,
                             owner_id, created_at, last_seen_at, attributes)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::identity_kind[], $5::actor_type[], $6::text[],
                          $7::text[], $8::identity_status[], $9::text[], $10::uuid[], $11::timestamptz[],
                          $12::timestamptz[], $13::jsonb[])`,
    [col(ids, (i) => i.id), col(ids, (i) => i.externalId), col(ids, (i) => i.name), col(ids, (i) => i.kind),
     col(ids, (i) => i.actorType), col(ids, (i) => i.provider), col(ids, (i) => i.environment), col(ids, (i) => i.status),
     col(ids, (i) => i.purpose), col(ids, (i) => i.ownerId), col(ids, (i) => i.createdAt), col(ids, (i) => i.lastSeenAt),
     col(ids, (i) => JSON.stringify(i.attributes))],
  );
  const cr = e.credentials;
  await client.query(
    `INSERT INTO credentials (id, identity_id, type, fingerprint, issued_at, expires_at, last_rotated_at, last_used_at, status)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::credential_type[], $4::text[], $5::timestamptz[],
                          $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::credential_status[])`,
    [col(cr, (c) => c.id), col(cr, (c) => c.identityId), col(cr, (c) => c.type), col(cr, (c) => c.fingerprint),
     col(cr, (c) => c.issuedAt), col(cr, (c) => c.expiresAt), col(cr, (c) => c.lastRotatedAt), col(cr, (c) => c.lastUsedAt),
     col(cr, (c) => c.status)],
  );
  const sc = e.scopes;
  await client.query(
    `INSERT INTO scopes (id, name, resource, risk_class, provider, description)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::risk_class[], $5::text[], $6::text[])`,
    [col(sc, (s) => s.id), col(sc, (s) => s.name), col(sc, (s) => s.resource), col(sc, (s) => s.riskClass),
     col(sc, (s) => s.provider), col(sc, (s) => s.description)],
  );
  const g = e.grants;
  await client.query(
    `INSERT INTO grants (id, identity_id, scope_id, granted_by, granted_at, justification, expires_at, revoked_by,
                         revoked_at, revoke_reason)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[],
                          $7::timestamptz[], $8::text[], $9::timestamptz[], $10::text[])`,
    [col(g, (x) => x.id), col(g, (x) => x.identityId), col(g, (x) => x.scopeId), col(g, (x) => x.grantedBy),
     col(g, (x) => x.grantedAt), col(g, (x) => x.justification), col(g, (x) => x.expiresAt), col(g, (x) => x.revokedBy),
     col(g, (x) => x.revokedAt), col(g, (x) => x.revokeReason)],
  );
}

