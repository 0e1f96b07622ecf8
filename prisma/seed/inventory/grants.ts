// Grants for a background identity: a provider-appropriate set of scopes weighted towards reads,
// of which the workload exercises only a part (over-privilege is the norm). Revocations mostly
// hit unused grants, as access reviews do; a few temporary grants expire inside the window.
import { EMAIL_DOMAIN } from "../catalog/org";
import type { Rng } from "../rng";
import type { Identity, IdentityKind, Owner, RiskClass, Scope } from "../types";
import { DAY, type EstateBuilder } from "./builder";
import { SECURITY_DL } from "./owners";

const RISK_WEIGHT: Record<RiskClass, number> = {
  read: 10, write: 5, secret_read: 1.6, export: 1, admin: 0.5, permission_change: 0.5, cross_tenant: 0.25,
};
const GRANT_COUNT: Record<IdentityKind, readonly [number, number]> = {
  service_account: [5, 17], workload_identity: [4, 12], api_key: [2, 6], oauth_app: [3, 10],
  ci_token: [4, 14], bot: [2, 7], ai_agent: [5, 13], user: [4, 10],
};
const USE_RATE: Record<IdentityKind, number> = {
  service_account: 0.7, workload_identity: 0.8, api_key: 0.9, oauth_app: 0.65,
  ci_token: 0.55, bot: 0.6, ai_agent: 0.7, user: 0.6,
};
const HIGH_RISK = new Set<RiskClass>(["admin", "permission_change", "cross_tenant"]);

export function scopePool(b: EstateBuilder, identity: Identity): Scope[] {
  const extra = identity.provider === "kubernetes" || identity.provider === "okta" || identity.kind === "ai_agent";
  return b.scopes.filter((s) => s.provider === identity.provider || (extra && s.provider === "internal"));
}

function pickWeighted(rng: Rng, pool: Scope[], n: number): Scope[] {
  const keyed = pool.map((s) => ({ s, k: Math.pow(rng.next(), 1 / RISK_WEIGHT[s.riskClass]) }));
  keyed.sort((a, b) => b.k - a.k); // Efraimidis–Spirakis weighted sampling without replacement
  return keyed.slice(0, n).map((x) => x.s);
}

export function granter(rng: Rng, owner: Owner | undefined): string {
  return rng.weighted([
    [owner?.personEmail ?? SECURITY_DL, 4], ["terraform-automation", 3], [SECURITY_DL, 1.5], [`access-request-bot@${EMAIL_DOMAIN}`, 1.5],
  ] as const);
}

function justification(rng: Rng, identity: Identity, s: Scope): string | null {
  return rng.weighted([
    [`Needed by ${identity.component} to ${s.riskClass.replace("_", " ")} ${s.resource}`, 5],
    [`Onboarding of ${identity.team}/${identity.component}`, 2],
    [`SEC-${rng.int(1000, 9999)}: temporary access for a migration`, 1],
    ["Inherited from the legacy shared role", 1],
    [null, 2],
  ] as const);
}

export interface GrantPlan {
  used: string[];
  probes: string[];
}

export function addGrants(b: EstateBuilder, rng: Rng, identity: Identity, owner: Owner | undefined): GrantPlan {
  const pool = scopePool(b, identity);
  const [lo, hi] = GRANT_COUNT[identity.kind];
  const chosen = pickWeighted(rng, pool, rng.int(lo, hi + 1));
  const used: string[] = [];
  const created = identity.createdAt.getTime();
  for (const s of chosen) {
    const isUsed = rng.chance(USE_RATE[identity.kind] * (HIGH_RISK.has(s.riskClass) ? 0.4 : 1));
    if (isUsed) used.push(s.name);
    // Most grants predate the window; some arrive inside it, mostly not yet used (calls before are denied).
    // Temporary grants are recent (some expire inside the window: later calls are denied).
    const late = rng.chance(isUsed ? 0.005 : 0.08);
    const temporary = rng.chance(0.08);
    const grantedAt = new Date(Math.max(created,
      temporary ? b.nowMs - rng.range(1, 60) * DAY
      : late ? b.windowStart + rng.range(0.1, 0.9) * (b.nowMs - b.windowStart)
      : Math.min(b.windowStart - DAY, created + rng.range(0, 40) * DAY)));
    const expiresAt = temporary ? new Date(grantedAt.getTime() + rng.pick([7, 14, 30, 90]) * DAY) : null;
    const revoke = rng.chance(isUsed ? 0.01 : 0.08) && !temporary;
    let revokedAt = revoke ? new Date(Math.max(grantedAt.getTime() + DAY, b.windowStart + rng.next() * (b.nowMs - b.windowStart))) : null;
    if (revokedAt && revokedAt.getTime() >= b.nowMs) revokedAt = null;
    b.addGrant(identity.id, s.name, {
      grantedBy: granter(rng, owner), grantedAt,
      justification: justification(rng, identity, s), expiresAt,
      revokedBy: revokedAt ? rng.pick([SECURITY_DL, owner?.personEmail ?? SECURITY_DL, "access-review-q3"]) : null,
      revokedAt,
      revokeReason: revokedAt ? rng.pick(["Unused for 90 days", "Access review: no longer needed", "Least-privilege cleanup"]) : null,
    });
  }
  if (used.length === 0 && chosen.length > 0) used.push(chosen[0].name);
  const grantedNames = new Set(chosen.map((s) => s.name));
  const others = pool.filter((s) => !grantedNames.has(s.name));
  return { used, probes: rng.sample(others, rng.int(0, 4)).map((s) => s.name) };
}
