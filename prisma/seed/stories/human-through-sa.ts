// The ops console calls internal APIs as svc-ops-console; when an engineer clicks a button the
// call still carries the service account, with actor_type human, a browser user agent and
// context.onBehalfOf naming the person.
import { UA } from "../catalog/clients";
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.humanThroughServiceAccount;
const SCOPES = [
  "support:tickets:write", "customers:profile:read", "customers:profile:write", "feature-flags:flags:write",
  "orders:orders:read", "payments:refunds:write", "billing:accounts:admin",
];

export const humanThroughServiceAccount: Story = {
  build(b) {
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "service_account", provider: "internal", environment: "prod",
      team: "sre", component: "ops-console", createdDaysAgo: 800,
      purpose: "Backend identity of the internal ops console (automation and operator actions)",
    });
    const credential = storyCredential(b, identity, "token", S.fingerprint, 75, 180);
    grantAll(b, identity, SCOPES, 790, "Ops console backend");
    storyPlan(b, identity, credential, {
      used: SCOPES, rhythm: "service", weight: 3,
      profiles: [
        { ip: "10.10.5.40", userAgent: "acme-http/4.2.1 (+go1.22.5)", origin: "prod-eks-use1/sre", weight: 6 },
        ...S.humans.map((email, i) => ({
          ip: `192.0.2.${21 + i}`, userAgent: UA.browser[i % UA.browser.length], origin: "ops-console:web", weight: 1.5,
          actorType: "human" as const, context: { onBehalfOf: email, via: "ops-console" },
        })),
      ],
    });
  },
};
