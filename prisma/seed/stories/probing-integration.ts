// A Zendesk integration that is almost never denied — until one hour, ~2.5 days ago, when its
// token walks through dozens of APIs it was never granted (100+ denials, 30+ scopes).
import { HOUR_MS } from "../events/rhythm";
import { targetFor } from "../events/resources";
import type { EventRow } from "../events/row";
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.probingIntegration;
const SCOPES = ["support:tickets:read", "support:tickets:write", "customers:profile:read", "okta.users.read"];
const PROFILE = { ip: "35.157.44.18", userAgent: "Zendesk-Integrations/1.0", origin: "saas:zendesk", weight: 1 };

/** Start of the burst hour: whole hour, about 60 hours before `now`. */
export function probingHour(now: number): number {
  return Math.floor((now - 60 * HOUR_MS) / HOUR_MS) * HOUR_MS;
}

export const probingIntegration: Story = {
  build(b) {
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "oauth_app", provider: "okta", environment: "prod",
      team: "support", component: "ticket-sync", createdDaysAgo: 500, attributes: { vendor: "zendesk" },
      purpose: "Zendesk ticket sync: reads and updates support tickets, looks up customer profiles",
    });
    const credential = storyCredential(b, identity, "oauth_client_secret", S.fingerprint, 120, 365);
    grantAll(b, identity, SCOPES, 480, "Zendesk integration (SUP-118)");
    storyPlan(b, identity, credential, { used: SCOPES, rhythm: "service", denialRate: 0.002, profiles: [PROFILE] });
  },
  events({ factory, runtime, rng, now }) {
    const rt = runtime(S.externalId);
    const granted = new Set(SCOPES);
    const pool = factory.scopes().filter((s) => ["internal", "okta", "github"].includes(s.provider) && !granted.has(s.name));
    const probed = rng.sample(pool, S.burstScopes);
    const start = probingHour(now) + 5 * 60_000;
    const session = { id: `ses_${rng.hex(20)}`, rootEventId: null, expires: Infinity, task: null, context: null };
    const trace = factory.traceId();
    const out: EventRow[] = [];
    const auth = factory.authenticate(rt, PROFILE, start, session, trace, false);
    const token = factory.event(rt, PROFILE, start + 40, {
      action: "token.issue", scope: null, session, traceId: trace, parent: auth.eventId, authResult: "success",
    });
    out.push(auth, token);
    const step = (45 * 60_000) / S.burstDenials; // spread over 45 minutes, inside one clock hour
    for (let i = 0; i < S.burstDenials; i++) {
      const scope = probed[i % probed.length];
      out.push(factory.event(rt, PROFILE, Math.floor(start + 1_000 + i * step + rng.int(0, step / 2)), {
        action: scope.name, scope: scope.name, target: targetFor(rng, scope, rt.identity), session,
        traceId: factory.traceId(), parent: token.eventId,
      }));
    }
    return out;
  },
};
