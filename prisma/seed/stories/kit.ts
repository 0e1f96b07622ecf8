// Small helpers the story builders share: add a fixed identity with its credential and grants.
import { TEAMS, type Team } from "../catalog/org";
import type { EventFactory } from "../events/factory";
import type { EventRow } from "../events/row";
import type { Runtime } from "../events/runtime";
import { DAY, type EstateBuilder } from "../inventory/builder";
import { SECURITY_DL } from "../inventory/owners";
import type { Rng } from "../rng";
import type { Credential, CredentialType, Identity, Plan } from "../types";

export interface StoryEventContext {
  factory: EventFactory;
  runtime: (externalId: string) => Runtime;
  rng: Rng;
  now: number;
  windowStart: number;
}

export interface Story {
  build: (b: EstateBuilder, rng: Rng) => void;
  /** Scripted events beyond the background behaviour (sorted or not; the generator sorts). */
  events?: (ctx: StoryEventContext) => EventRow[];
}

export function team(name: string): Team {
  const t = TEAMS.find((x) => x.team === name);
  if (!t) throw new Error(`unknown team ${name}`);
  return t;
}

type IdentityFields = Pick<Identity, "externalId" | "name" | "kind" | "provider" | "environment" | "purpose" | "team" | "component"> &
  Partial<Pick<Identity, "lastSeenAt" | "attributes" | "status">> & { ownerless?: boolean; createdDaysAgo: number };

export function storyIdentity(b: EstateBuilder, f: IdentityFields): Identity {
  return b.addIdentity({
    externalId: f.externalId, name: f.name, kind: f.kind, actorType: "nhi", provider: f.provider, environment: f.environment,
    status: f.status ?? "active", purpose: f.purpose, ownerId: f.ownerless ? null : (b.ownerOf(f.team)?.id ?? null),
    createdAt: b.daysAgo(f.createdDaysAgo), lastSeenAt: f.lastSeenAt ?? null,
    attributes: { team: f.team, component: f.component, ...f.attributes }, team: f.team, component: f.component,
  });
}

export function storyCredential(
  b: EstateBuilder, identity: Identity, type: CredentialType, fingerprint: string, issuedDaysAgo: number, lifetimeDays: number | null = null,
): Credential {
  const issuedAt = b.daysAgo(issuedDaysAgo);
  return b.addCredential({
    identityId: identity.id, type, fingerprint, issuedAt, lastRotatedAt: null, lastUsedAt: null, status: "active",
    expiresAt: lifetimeDays === null ? null : new Date(issuedAt.getTime() + lifetimeDays * DAY),
  });
}

export function grantAll(b: EstateBuilder, identity: Identity, scopes: readonly string[], daysAgo: number, justification: string, by?: string): void {
  const owner = identity.ownerId ? b.owners.find((o) => o.id === identity.ownerId) : undefined;
  for (const name of scopes) {
    b.addGrant(identity.id, name, {
      grantedBy: by ?? owner?.personEmail ?? SECURITY_DL, grantedAt: b.daysAgo(daysAgo), justification,
      expiresAt: null, revokedBy: null, revokedAt: null, revokeReason: null,
    });
  }
}

type PlanFields = Pick<Plan, "used" | "profiles" | "rhythm"> & Partial<Omit<Plan, "identityId">>;

/** Story identities get a fixed, generous weight so that they are visible in small estates too. */
export function storyPlan(b: EstateBuilder, identity: Identity, credential: Credential | null, f: PlanFields): void {
  b.setPlan({
    identityId: identity.id, weight: 2.5, tz: team(identity.team).tz, credentialRef: credential?.fingerprint ?? null,
    probes: [], denialRate: 0, chain: { auth: true, token: true, assume: null }, ...f,
  });
}
