// One identity's profile and credentials for its page. Dates are ISO strings so that they cross
// the server → client boundary unchanged; the flags (rotation overdue, expired, expiring) are
// decided here, against one clock, not in the markup.
import { z } from "zod";
import { WardenError } from "../core/errors";
import { defineQuery } from "../core/verb";
import type { CredentialStatus, CredentialType } from "../db/generated/enums";
import { sql } from "../db/sql";
import { EXPIRY_WARNING_DAYS, ROTATION_MAX_AGE_DAYS } from "../inventory/credential-policy";
import type { IdentityCore, IdentityOwner } from "../inventory/list-identities";
import { riskBand } from "../inventory/risk";

const DAY = 86_400_000;

export type IdentityProfile = IdentityCore & {
  purpose: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  attributes: Record<string, unknown>;
};

export type CredentialView = {
  id: string;
  type: CredentialType;
  fingerprint: string;
  status: CredentialStatus;
  issuedAt: string;
  ageDays: number;
  lastRotatedAt: string | null;
  /** Days since the last rotation, or since issue when never rotated. */
  daysSinceRotation: number;
  rotationOverdue: boolean;
  lastUsedAt: string | null;
  expiresAt: string | null;
  expiry: "none" | "ok" | "expiring" | "expired";
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (s: string): boolean => UUID.test(s);

type ProfileRaw = Omit<IdentityProfile, "riskBand" | "owner" | "createdAt" | "lastSeenAt" | "attributes"> & {
  createdAt: Date;
  lastSeenAt: Date | null;
  attributes: unknown;
  ownerId: string | null;
  ownerTeam: string | null;
  ownerPersonName: string | null;
  ownerPersonEmail: string | null;
};

/** The identity, or `not_found` (a mistyped or foreign id too: the page shows its 404). */
export const getIdentityProfile = defineQuery({
  permission: "inventory:read",
  input: z.object({ id: z.string() }),
  async run(db, { id }): Promise<IdentityProfile> {
    const i = isUuid(id)
      ? await db.one<ProfileRaw>(sql`
          SELECT i.id, i.external_id AS "externalId", i.name, i.kind, i.actor_type AS "actorType", i.provider,
                 i.environment, i.status, i.purpose, i.risk_score AS "riskScore", i.created_at AS "createdAt",
                 i.last_seen_at AS "lastSeenAt", i.attributes, o.id AS "ownerId", o.team AS "ownerTeam",
                 o.person_name AS "ownerPersonName", o.person_email AS "ownerPersonEmail"
          FROM identities i LEFT JOIN owners o ON o.id = i.owner_id
          WHERE i.id = ${id}::uuid`)
      : undefined;
    if (!i) throw new WardenError("not_found", "No identity with this id", { field: "id" });
    const { ownerId, ownerTeam, ownerPersonName, ownerPersonEmail, attributes, ...rest } = i;
    return {
      ...rest,
      riskBand: riskBand(i.riskScore),
      owner: ownerId ? { id: ownerId, team: ownerTeam!, personName: ownerPersonName!, personEmail: ownerPersonEmail! } : null,
      createdAt: i.createdAt.toISOString(),
      lastSeenAt: i.lastSeenAt?.toISOString() ?? null,
      attributes: attributes && typeof attributes === "object" && !Array.isArray(attributes) ? (attributes as Record<string, unknown>) : {},
    };
  },
});

export function credentialView(
  c: {
    id: string; type: CredentialType; fingerprint: string; status: CredentialStatus; issuedAt: Date;
    lastRotatedAt: Date | null; lastUsedAt: Date | null; expiresAt: Date | null;
  },
  now: Date,
): CredentialView {
  const days = (d: Date) => Math.floor((now.getTime() - d.getTime()) / DAY);
  const daysSinceRotation = days(c.lastRotatedAt ?? c.issuedAt);
  let expiry: CredentialView["expiry"] = "none";
  if (c.expiresAt) {
    const left = c.expiresAt.getTime() - now.getTime();
    expiry = left <= 0 ? "expired" : left <= EXPIRY_WARNING_DAYS * DAY ? "expiring" : "ok";
  }
  return {
    id: c.id,
    type: c.type,
    fingerprint: c.fingerprint,
    status: c.status,
    issuedAt: c.issuedAt.toISOString(),
    ageDays: days(c.issuedAt),
    lastRotatedAt: c.lastRotatedAt?.toISOString() ?? null,
    daysSinceRotation,
    // A revoked credential can no longer be misused; only live ones are overdue.
    rotationOverdue: c.status === "active" && daysSinceRotation > ROTATION_MAX_AGE_DAYS,
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    expiry,
  };
}

type CredentialRaw = Parameters<typeof credentialView>[0];

export const listIdentityCredentials = defineQuery({
  permission: "inventory:read",
  input: z.object({ identityId: z.string(), now: z.date().default(() => new Date()) }),
  async run(db, { identityId, now }): Promise<CredentialView[]> {
    if (!isUuid(identityId)) return [];
    // Active first (the enum's order: active, expired, revoked), newest first within a status.
    const rows = await db.rows<CredentialRaw>(sql`
      SELECT id, type, fingerprint, status, issued_at AS "issuedAt", last_rotated_at AS "lastRotatedAt",
             last_used_at AS "lastUsedAt", expires_at AS "expiresAt"
      FROM credentials WHERE identity_id = ${identityId}::uuid
      ORDER BY status, issued_at DESC`);
    return rows.map((c) => credentialView(c, now));
  },
});

export type OwnerChoice = IdentityOwner;

/** Owners an admin may reassign an identity to. */
export const listOwnerChoices = defineQuery({
  permission: "inventory:write",
  async run(db): Promise<OwnerChoice[]> {
    return db.rows<OwnerChoice>(sql`
      SELECT id, team, person_name AS "personName", person_email AS "personEmail"
      FROM owners ORDER BY team, person_name`);
  },
});
