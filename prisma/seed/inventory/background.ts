// The bulk of the inventory: identities of every kind spread over the owner teams, each with its
// credentials, grants and workload plan. Stories add their own identities separately.
import { TEAMS, type Team } from "../catalog/org";
import type { Rng } from "../rng";
import type { Env, Identity, IdentityKind, IdentityStatus } from "../types";
import { DAY, type EstateBuilder } from "./builder";
import { addCredentials } from "./credentials";
import { addGrants, scopePool, type GrantPlan } from "./grants";
import { nameIdentity, type Naming } from "./naming";
import { buildPlan } from "./workload";

const KINDS: readonly (readonly [IdentityKind, number])[] = [
  ["service_account", 22], ["workload_identity", 18], ["api_key", 13], ["ci_token", 13],
  ["oauth_app", 10], ["bot", 7], ["ai_agent", 7], ["user", 5],
];

function envOf(rng: Rng, kind: IdentityKind): Env {
  if (kind === "user") return "prod";
  if (kind === "oauth_app" || kind === "bot") return rng.weighted([["prod", 85], ["staging", 10], ["dev", 5]] as const);
  return rng.weighted([["prod", 55], ["staging", 25], ["dev", 20]] as const);
}

function statusOf(rng: Rng, kind: IdentityKind): IdentityStatus {
  return rng.weighted([["active", 86], ["disabled", 6], ["revoked", 4], ["discovered", kind === "user" ? 0 : 4]] as const);
}

function human(rng: Rng, team: Team, nextPerson: () => { name: string; email: string }): Naming {
  const p = nextPerson();
  return { name: p.name, externalId: p.email, provider: "okta", purpose: `Human account (SSO) of ${p.name}, ${team.team}`, attributes: { email: p.email } };
}

/** Retries other components on a name clash, then falls back to a numbered suffix. */
function uniqueNaming(b: EstateBuilder, rng: Rng, kind: IdentityKind, team: Team, env: Env): Naming & { component: string } {
  for (let attempt = 0; attempt < 8; attempt++) {
    const component = rng.pick(team.components);
    const n = nameIdentity(rng, kind, team, component, env);
    if (!b.hasExternalId(n.externalId) && b.uniqueName(n.name) === n.name) return { ...n, component };
  }
  const component = rng.pick(team.components);
  const n = nameIdentity(rng, kind, team, component, env);
  const name = b.uniqueName(n.name);
  return { ...n, component, name, externalId: `${n.externalId}#${name}` };
}

export function buildBackground(b: EstateBuilder, rng: Rng, count: number, nextPerson: () => { name: string; email: string }): void {
  const teams = b.owners.map((o) => TEAMS.find((t) => t.team === o.team)!);
  const teamWeights = teams.map((t, i) => [t, 1 / Math.sqrt(i + 1)] as const);
  const window = b.nowMs - b.windowStart;
  for (let i = 0; i < count; i++) {
    const kind = rng.weighted(KINDS);
    const team = rng.weighted(teamWeights);
    const status = statusOf(rng, kind);
    const env = envOf(rng, kind);
    const naming = kind === "user" ? { ...human(rng, team, nextPerson), component: "sso" } : uniqueNaming(b, rng, kind, team, env);
    const discovered = status === "discovered";
    const silent = status === "disabled" || status === "revoked" || (status === "active" && rng.chance(0.05));
    const young = !silent && (discovered || rng.chance(0.04));
    const createdAt = young
      ? new Date(b.windowStart + rng.range(0.05, 0.9) * window)
      : new Date(b.windowStart - rng.range(10, 1100) * DAY);
    const beforeWindow = b.windowStart - 5 * DAY;
    const lastSeenAt = silent && createdAt.getTime() < beforeWindow && rng.chance(0.75)
      ? new Date(createdAt.getTime() + rng.next() * (beforeWindow - createdAt.getTime()))
      : null;
    const owner = discovered || rng.chance(0.03) ? undefined : b.ownerOf(team.team);
    const identity: Identity = b.addIdentity({
      externalId: naming.externalId, name: naming.name, kind, actorType: kind === "user" ? "human" : "nhi",
      provider: naming.provider, environment: env, status, purpose: discovered ? null : naming.purpose,
      ownerId: owner?.id ?? null, createdAt, lastSeenAt,
      attributes: discovered ? { discoveredBy: "ingest", ...naming.attributes } : { team: team.team, component: naming.component, ...naming.attributes },
      team: team.team, component: naming.component,
    });
    const credential = addCredentials(b, rng, identity, !silent);
    if (credential && silent) credential.lastUsedAt = lastSeenAt;
    const grants: GrantPlan = discovered
      ? { used: rng.sample(scopePool(b, identity), rng.int(2, 6)).map((s) => s.name), probes: [] }
      : addGrants(b, rng, identity, owner);
    b.setPlan(buildPlan(b, rng, identity, team, grants, credential?.fingerprint ?? null, silent));
  }
}
