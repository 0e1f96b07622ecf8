// Credentials: the type follows the identity kind; only a fingerprint / key id is stored, in the
// shape each system prints (AKIA… key ids, sha256:… digests, SHA256:… SSH fingerprints).
import type { Rng } from "../rng";
import type { Credential, CredentialStatus, CredentialType, Identity } from "../types";
import { DAY, type EstateBuilder } from "./builder";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function credentialType(rng: Rng, identity: Identity): CredentialType {
  switch (identity.kind) {
    case "service_account":
      return identity.provider === "azure" ? "certificate" : "access_key";
    case "workload_identity":
    case "ci_token":
      return "token";
    case "api_key":
      return "api_key";
    case "oauth_app":
      return "oauth_client_secret";
    case "bot":
      return rng.chance(0.3) ? "ssh_key" : "token";
    case "ai_agent":
      return rng.chance(0.5) ? "api_key" : "oauth_client_secret";
    case "user":
      return "password";
  }
}

export function fingerprint(rng: Rng, type: CredentialType, identity: Identity): string {
  if (type === "access_key") return identity.provider === "gcp" ? rng.hex(40) : `AKIA${rng.chars(B32, 16)}`;
  if (type === "ssh_key") return `SHA256:${rng.chars(B64, 43)}`;
  if (type === "certificate") return `sha1:${rng.hex(40).toUpperCase()}`;
  return `sha256:${rng.chars(B64, 43)}`;
}

function uniqueFingerprint(b: EstateBuilder, rng: Rng, type: CredentialType, identity: Identity): string {
  for (;;) {
    const fp = fingerprint(rng, type, identity);
    if (!b.hasFingerprint(fp)) return fp;
  }
}

/** Lifetime in days for types that expire; access keys and most API keys never do. */
function lifetimeDays(rng: Rng, type: CredentialType): number | null {
  if (type === "token" || type === "oauth_client_secret") return rng.pick([90, 180, 365]);
  if (type === "certificate") return rng.pick([365, 730]);
  if (type === "api_key") return rng.chance(0.4) ? 365 : null;
  return null;
}

/**
 * The identity's current credential (the one its events present) plus, for some, an older one
 * that was rotated out. `live` identities get a credential valid at `now`; silent ones may hold
 * an expired one — a few of those still marked active, as inventories drift.
 */
export function addCredentials(b: EstateBuilder, rng: Rng, identity: Identity, live: boolean): Credential | null {
  if (identity.kind === "user") return null; // humans sign in through SSO, not an NHI credential
  const type = credentialType(rng, identity);
  const created = identity.createdAt.getTime();
  const now = b.nowMs;
  const ageDays = Math.max(1, (now - created) / DAY);
  const rotated = rng.chance(0.7) && ageDays > 20;
  const lastRotatedAt = rotated ? new Date(now - rng.range(1, Math.min(ageDays - 1, 160)) * DAY) : null;
  const issuedAt = lastRotatedAt ?? new Date(created + rng.range(0, Math.min(5, ageDays)) * DAY);
  const life = lifetimeDays(rng, type);
  let expiresAt = life === null ? null : new Date(issuedAt.getTime() + life * DAY);
  let status: CredentialStatus = identity.status === "revoked" ? "revoked" : "active";
  if (expiresAt && expiresAt.getTime() <= now) {
    if (live) expiresAt = new Date(now + rng.range(5, 120) * DAY);
    else if (status === "active" && rng.chance(0.8)) status = "expired";
  }
  const current = b.addCredential({
    identityId: identity.id, type, fingerprint: uniqueFingerprint(b, rng, type, identity),
    issuedAt, expiresAt, lastRotatedAt: rotated ? issuedAt : null, lastUsedAt: null, status,
  });
  if (rotated && rng.chance(0.4)) {
    // The key it replaced: revoked at rotation, or left to expire.
    const oldIssued = new Date(Math.max(created, issuedAt.getTime() - rng.range(90, 400) * DAY));
    const expired = life !== null && rng.chance(0.5);
    b.addCredential({
      identityId: identity.id, type, fingerprint: uniqueFingerprint(b, rng, type, identity),
      issuedAt: oldIssued, expiresAt: expired ? issuedAt : null, lastRotatedAt: null,
      lastUsedAt: new Date(issuedAt.getTime() - rng.range(0, 2) * DAY), status: expired ? "expired" : "revoked",
    });
  }
  return current;
}
