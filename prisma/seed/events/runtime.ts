// Per-identity state for the event generator: the scopes it exercises with their targets, the
// grant windows that decide `granted`, its profiles and open sessions (one per profile).
import type { Rng } from "../rng";
import type { AgentTask, Estate, Identity, Plan, RiskClass, Scope } from "../types";
import { targetsFor, type Target } from "./resources";
import { DAY_MS } from "./rhythm";

export interface UsedScope {
  scope: Scope;
  targets: Target[];
  /** The workload calls with the scope while it holds the grant, spilling up to a day on each side. */
  from: number;
  until: number;
}

export interface Session {
  id: string;
  /** Event the session's API calls hang from (token issuance or role assumption). */
  rootEventId: string | null;
  expires: number;
  task: AgentTask | null;
  /** Static context JSON for the session (CI run), merged into its events. */
  context: Record<string, unknown> | null;
}

interface GrantWindow {
  from: number;
  revokedAt: number;
  expiresAt: number;
}

export type GrantState = "granted" | "none" | "pending" | "revoked" | "expired";

export interface Runtime {
  idx: number;
  identity: Identity;
  plan: Plan;
  used: UsedScope[];
  usedCum: Float64Array;
  probes: UsedScope[];
  /** Target of the role-assumption step, when the session chain has one. */
  assume: UsedScope | null;
  profileCum: Float64Array;
  sessions: (Session | null)[];
  grants: Map<string, GrantWindow>;
}

const USE_WEIGHT: Record<RiskClass, number> = {
  read: 6, write: 3, secret_read: 1.5, export: 1, admin: 0.5, permission_change: 0.5, cross_tenant: 0.5,
};

function cumulative(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => (out[i] = acc += w));
  return out;
}

/** Index into a cumulative weight array for a uniform draw. */
export function pickCum(cum: Float64Array, x: number): number {
  const target = x * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function grantState(rt: Runtime, scope: string, t: number): GrantState {
  const g = rt.grants.get(scope);
  if (!g) return "none";
  if (t < g.from) return "pending";
  if (t >= g.revokedAt) return "revoked";
  if (t >= g.expiresAt) return "expired";
  return "granted";
}

export function buildRuntimes(estate: Estate, rng: Rng): Runtime[] {
  const scopeById = new Map(estate.scopes.map((s) => [s.id, s]));
  const scopeByName = new Map(estate.scopes.map((s) => [s.name, s]));
  const grantsOf = new Map<string, Map<string, GrantWindow>>();
  for (const g of estate.grants) {
    let m = grantsOf.get(g.identityId);
    if (!m) grantsOf.set(g.identityId, (m = new Map()));
    m.set(scopeById.get(g.scopeId)!.name, {
      from: g.grantedAt.getTime(),
      revokedAt: g.revokedAt?.getTime() ?? Infinity,
      expiresAt: g.expiresAt?.getTime() ?? Infinity,
    });
  }
  const runtimes: Runtime[] = [];
  for (const identity of estate.identities) {
    const plan = estate.plans.get(identity.id);
    if (!plan) continue;
    const grants = grantsOf.get(identity.id) ?? new Map<string, GrantWindow>();
    const toUsed = (name: string): UsedScope => {
      const scope = scopeByName.get(name)!;
      const g = grants.get(name);
      const end = g ? Math.min(g.revokedAt, g.expiresAt) : Infinity;
      return {
        scope, targets: targetsFor(rng, scope, identity),
        from: g ? g.from - rng.next() * DAY_MS : -Infinity,
        until: end === Infinity ? Infinity : end + rng.next() * DAY_MS,
      };
    };
    const used = plan.used.map(toUsed);
    const probes = plan.probes.map(toUsed);
    runtimes.push({
      idx: runtimes.length, identity, plan, used,
      usedCum: cumulative(used.map((u) => USE_WEIGHT[u.scope.riskClass] * rng.range(0.3, 1.7))),
      probes,
      assume: plan.chain.assume ? toUsed(plan.chain.assume) : null,
      profileCum: cumulative(plan.profiles.map((p) => p.weight)),
      sessions: plan.profiles.map(() => null),
      grants,
    });
  }
  return runtimes;
}
