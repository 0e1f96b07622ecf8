// One identity's profile and credentials for its page. Dates are ISO strings so that they cross
// the server → client boundary unchanged; the flags (rotation overdue, expired, expiring) are
// decided here, against one clock, not in the markup.
import { ROTATION_MAX_AGE_DAYS } from "../analytics/overview";
import { assertCan, type Actor } from "../auth/roles";
import { db } from "../db/client";
import type { ActorType, CredentialStatus, CredentialType, IdentityKind, IdentityStatus } from "../db/generated/enums";
import { riskBand, type RiskBand } from "./risk";

export { ROTATION_MAX_AGE_DAYS };
export const EXPIRY_WARNING_DAYS = 30;
const DAY = 86_400_000;

export type IdentityOwner = { id: string; team: string; personName: string; personEmail: string };

export type IdentityProfile = {
  id: string;
  externalId: string;
  name: string;
  kind: IdentityKind;
  actorType: ActorType;
  provider: string;
  environment: string;
  status: IdentityStatus;
  purpose: string | null;
  riskScore: number;
  riskBand: RiskBand;
  owner: IdentityOwner | null;
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
export const isUuid = (s: string): boolean => UUID.test(s);

export async function getIdentityProfile(actor: Actor, id: string): Promise<IdentityProfile | null> {
  assertCan(actor, "inventory:read");
  if (!isUuid(id)) return null;
  const i = await db().identity.findUnique({ where: { id }, include: { owner: true } });
  if (!i) return null;
  return {
    id: i.id,
    externalId: i.externalId,
    name: i.name,
    kind: i.kind,
    actorType: i.actorType,
    provider: i.provider,
    environment: i.environment,
    status: i.status,
    purpose: i.purpose,
    riskScore: i.riskScore,
    riskBand: riskBand(i.riskScore),
    owner: i.owner
      ? { id: i.owner.id, team: i.owner.team, personName: i.owner.personName, personEmail: i.owner.personEmail }
      : null,
    createdAt: i.createdAt.toISOString(),
    lastSeenAt: i.lastSeenAt?.toISOString() ?? null,
    attributes: i.attributes && typeof i.attributes === "object" && !Array.isArray(i.attributes) ? (i.attributes as Record<string, unknown>) : {},
  };
}

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

export async function listIdentityCredentials(actor: Actor, identityId: string, now = new Date()): Promise<CredentialView[]> {
  assertCan(actor, "inventory:read");
  if (!isUuid(identityId)) return [];
  const rows = await db().credential.findMany({
    where: { identityId },
    orderBy: [{ status: "asc" }, { issuedAt: "desc" }],
  });
  return rows.map((c) => credentialView(c, now));
}

export type OwnerChoice = IdentityOwner;

/** Owners an admin may reassign an identity to. */
export async function listOwnerChoices(actor: Actor): Promise<OwnerChoice[]> {
  assertCan(actor, "inventory:write");
  return db().owner.findMany({
    select: { id: true, team: true, personName: true, personEmail: true },
    orderBy: [{ team: "asc" }, { personName: "asc" }],
  });
}
