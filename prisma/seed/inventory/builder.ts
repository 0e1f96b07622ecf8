// Collects the estate in memory while background generators and stories add to it: ids come from
// their own random stream, names and fingerprints are kept unique, scopes are looked up by name.
import { Rng } from "../rng";
import type { Credential, Estate, Grant, Identity, Owner, Plan, Scope } from "../types";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export class EstateBuilder {
  readonly owners: Owner[] = [];
  readonly identities: Identity[] = [];
  readonly credentials: Credential[] = [];
  readonly grants: Grant[] = [];
  readonly plans = new Map<string, Plan>();
  readonly scopeByName: Map<string, Scope>;
  readonly nowMs: number;
  /** Start of the event window (ms). */
  readonly windowStart: number;
  private readonly ids: Rng;
  private readonly externalIds = new Set<string>();
  private readonly names = new Set<string>();
  private readonly fingerprints = new Set<string>();
  private readonly liveGrants = new Set<string>();

  constructor(rng: Rng, readonly now: Date, readonly days: number, readonly scopes: Scope[]) {
    this.ids = rng.fork("ids");
    this.nowMs = now.getTime();
    this.windowStart = this.nowMs - days * DAY;
    this.scopeByName = new Map(scopes.map((s) => [s.name, s]));
  }

  uuid(): string {
    return this.ids.uuid();
  }

  daysAgo(d: number): Date {
    return new Date(this.nowMs - d * DAY);
  }

  ownerOf(team: string): Owner | undefined {
    return this.owners.find((o) => o.team === team);
  }

  scope(name: string): Scope {
    const s = this.scopeByName.get(name);
    if (!s) throw new Error(`seed catalog has no scope ${name}`);
    return s;
  }

  /** `base`, or `base-2`, `base-3`… when taken. */
  uniqueName(base: string): string {
    let name = base;
    for (let n = 2; this.names.has(name); n++) name = `${base}-${n}`;
    return name;
  }

  hasExternalId(id: string): boolean {
    return this.externalIds.has(id);
  }

  addIdentity(fields: Omit<Identity, "id">): Identity {
    if (this.externalIds.has(fields.externalId)) throw new Error(`duplicate external id ${fields.externalId}`);
    const identity: Identity = { id: this.uuid(), ...fields };
    this.externalIds.add(identity.externalId);
    this.names.add(identity.name);
    this.identities.push(identity);
    return identity;
  }

  hasFingerprint(fp: string): boolean {
    return this.fingerprints.has(fp);
  }

  addCredential(fields: Omit<Credential, "id">): Credential {
    if (this.fingerprints.has(fields.fingerprint)) throw new Error(`duplicate fingerprint ${fields.fingerprint}`);
    const credential: Credential = { id: this.uuid(), ...fields };
    this.fingerprints.add(credential.fingerprint);
    this.credentials.push(credential);
    return credential;
  }

  hasLiveGrant(identityId: string, scopeName: string): boolean {
    return this.liveGrants.has(`${identityId}|${scopeName}`);
  }

  /** One live grant per identity and scope (the database enforces it too); repeats are ignored. */
  addGrant(identityId: string, scopeName: string, fields: Omit<Grant, "id" | "identityId" | "scopeId">): Grant | null {
    const key = `${identityId}|${scopeName}`;
    if (this.liveGrants.has(key)) return null;
    const grant: Grant = { id: this.uuid(), identityId, scopeId: this.scope(scopeName).id, ...fields };
    this.liveGrants.add(key); // revoked grants too: keeps the generator's one-grant-per-pair rule simple
    this.grants.push(grant);
    return grant;
  }

  setPlan(plan: Plan): void {
    this.plans.set(plan.identityId, plan);
  }

  estate(): Estate {
    return {
      now: this.now, days: this.days, owners: this.owners, identities: this.identities,
      credentials: this.credentials, scopes: this.scopes, grants: this.grants, plans: this.plans,
    };
  }
}
