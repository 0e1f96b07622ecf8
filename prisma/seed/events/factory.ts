// Builds events the way ingest would store them: producer fields (decision, reason, HTTP status)
// plus the enrichment columns — owner and environment copied from the identity, risk class of the
// scope, and `granted` = a live grant for the scope at that instant (NULL when there is no scope).
import type { Rng } from "../rng";
import type { Decision, Profile, Provider, Scope } from "../types";
import { AUTH_ENDPOINT, AUTH_FAILURES, ERROR_REASONS, conditionalDenial, denial, okStatus } from "./outcome";
import type { Target } from "./resources";
import { whatText, whoText, type EventRow } from "./row";
import { grantState, type Runtime, type Session } from "./runtime";

export interface Fields {
  action: string;
  scope: string | null;
  target?: Target | null;
  session: Session | null;
  traceId: string | null;
  parent: string | null;
  authResult?: "success" | "failure" | null;
  /** Forces the outcome (authentication failures, scripted story events). */
  decision?: Decision;
  reason?: string | null;
  policyId?: string | null;
  status?: number | null;
  context?: Record<string, unknown> | null;
}

const SLOW_PROVIDERS = new Set<Provider>(["aws", "gcp", "azure"]); // audit trails land minutes late

export class EventFactory {
  private seq = 0;
  // COPY text of the columns fixed per profile / per target, built on first use (see EventRow).
  private readonly whoCache = new WeakMap<Profile, string>();
  private readonly whatCache = new WeakMap<Target, string>();

  constructor(
    readonly rng: Rng,
    private readonly scopeMap: Map<string, Scope>,
  ) {}

  scope(name: string): Scope {
    const s = this.scopeMap.get(name);
    if (!s) throw new Error(`seed catalog has no scope ${name}`);
    return s;
  }

  /** The catalog, in its (deterministic) order. */
  scopes(): Scope[] {
    return [...this.scopeMap.values()];
  }

  /** Unique per source by construction: a base-36 sequence (see the report on event ids). */
  nextId(): string {
    return `demo-${(this.seq++).toString(36).padStart(8, "0")}`;
  }

  traceId(): string {
    return this.rng.hex(32);
  }

  event(rt: Runtime, profile: Profile, t: number, f: Fields): EventRow {
    const rng = this.rng;
    const identity = rt.identity;
    const scope = f.scope === null ? undefined : this.scopeMap.get(f.scope);
    const state = f.scope === null ? null : grantState(rt, f.scope, t);
    const granted = state === null ? null : state === "granted";
    const method = f.target ? f.target.method : null;
    let decision: Decision = "allow";
    let reason: string | null = null;
    let policyId: string | null = null;
    let status = okStatus(method);
    if (f.decision) {
      decision = f.decision;
      reason = f.reason ?? null;
      policyId = f.policyId ?? null;
      status = f.status === undefined ? status : f.status;
    } else if (f.scope !== null && (granted || rt.plan.shadow)) {
      const x = rng.next();
      if (x < 0.004) {
        decision = "error";
        reason = rng.pick(ERROR_REASONS);
        status = method ? rng.pick([500, 502, 503, 504]) : null;
      } else if (x < 0.006 && !rt.plan.shadow) {
        decision = "deny";
        [reason, policyId] = conditionalDenial(scope?.provider ?? identity.provider);
        status = method ? 403 : null;
      }
    } else if (f.scope !== null) {
      decision = "deny";
      [reason, policyId] = denial(scope?.provider ?? identity.provider, f.scope);
      status = method ? 403 : null;
    }
    const ctx = profile.context || f.session?.context || f.context
      ? JSON.stringify({ ...profile.context, ...f.session?.context, ...f.context })
      : null;
    const received = t + (SLOW_PROVIDERS.has(identity.provider) ? 60_000 + rng.int(0, 540_000) : 40 + rng.int(0, 2_000));
    return {
      t, received, eventId: this.nextId(), decision, authResult: f.authResult ?? null, reason, policyId, status,
      sessionId: f.session?.id || null, traceId: f.traceId, parentEventId: f.parent, context: ctx, granted,
      who: this.who(rt, profile), what: this.what(f, scope),
    };
  }

  private who(rt: Runtime, profile: Profile): string {
    let text = this.whoCache.get(profile);
    if (text === undefined) {
      const i = rt.identity;
      text = whoText({
        identityId: i.id, identityRef: i.externalId, actorType: profile.actorType ?? i.actorType,
        credentialRef: rt.plan.credentialRef, sourceIp: profile.ip, userAgent: profile.userAgent, origin: profile.origin,
        ownerId: i.ownerId, environment: i.environment,
      });
      this.whoCache.set(profile, text);
    }
    return text;
  }

  private what(f: Fields, scope: Scope | undefined): string {
    const target = f.target ?? null;
    const cacheable = target !== null && f.action === f.scope; // an API call: the target fixes action and scope
    let text = cacheable ? this.whatCache.get(target) : undefined;
    if (text === undefined) {
      text = whatText({
        action: f.action, scope: f.scope, resource: target?.resource ?? null, method: target?.method ?? null,
        path: target?.path ?? null, riskClass: scope?.riskClass ?? null,
      });
      if (cacheable) this.whatCache.set(target, text);
    }
    return text;
  }

  /** The authentication step of a session; it fails now and then (bad signature, expired token). */
  authenticate(rt: Runtime, profile: Profile, t: number, session: Session | null, traceId: string, mayFail = true): EventRow {
    const [method, path, resource] = AUTH_ENDPOINT[rt.identity.provider];
    const target = { resource, method, path };
    if (mayFail && this.rng.chance(0.003)) {
      return this.event(rt, profile, t, {
        action: "authenticate", scope: null, target, session, traceId, parent: null, authResult: "failure",
        decision: "deny", reason: this.rng.pick(AUTH_FAILURES),
        policyId: null, status: method ? 401 : null,
      });
    }
    return this.event(rt, profile, t, { action: "authenticate", scope: null, target, session, traceId, parent: null, authResult: "success" });
  }
}
