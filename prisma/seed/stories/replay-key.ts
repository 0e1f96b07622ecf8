// A reporting key used for weeks from one server in office hours; in the last two days a few calls
// at ~03:00 UTC from an address and client it has never used (a replayed key).
import { HOUR_MS, DAY_MS } from "../events/rhythm";
import { targetFor } from "../events/resources";
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.replayKey;
const SCOPES = ["billing:invoices:read", "analytics:events:read", "partner:reports:read", "customers:profile:read"];

/** Start of the latest S.replayHourUtc:00 UTC hour that has finished before `now`. */
export function replayHour(now: number): number {
  let h = Math.floor(now / DAY_MS) * DAY_MS + S.replayHourUtc * HOUR_MS;
  if (h + HOUR_MS > now) h -= DAY_MS;
  return h;
}

export const replayKey: Story = {
  build(b) {
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "api_key", provider: "internal", environment: "prod",
      team: "finance", component: "reporting", createdDaysAgo: 300,
      purpose: "Finance reporting script on vm finance-reporting-01 (runs in office hours)",
    });
    const credential = storyCredential(b, identity, "api_key", S.fingerprint, 280, 365);
    grantAll(b, identity, SCOPES, 280, "Finance reporting automation");
    storyPlan(b, identity, credential, {
      used: SCOPES, rhythm: "office-strict", chain: { auth: false, token: false, assume: null },
      profiles: [{ ip: S.usualIp, userAgent: S.usualUserAgent, origin: "vm:finance-reporting-01", weight: 1 }],
    });
  },
  events({ factory, runtime, rng, now }) {
    const rt = runtime(S.externalId);
    const profile = { ip: S.replayIp, userAgent: S.replayUserAgent, origin: null, weight: 1 };
    const start = replayHour(now);
    const calls = ["billing:invoices:read", "customers:profile:read", "billing:invoices:read", "customers:pii:export", "billing:invoices:read"];
    return calls.map((scope, i) => factory.event(rt, profile, start + (4 + i * 4) * 60_000 + rng.int(0, 50_000), {
      action: scope, scope, target: targetFor(rng, factory.scope(scope), rt.identity), session: null,
      traceId: factory.traceId(), parent: null, authResult: "success",
    }));
  },
};
