// An API key whose owner left: owner_id is NULL, yet a partner calls with it every day.
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.ownerlessKey;
const SCOPES = ["partner:feed:write", "orders:orders:read", "catalog:products:read", "partner:reports:read"];

export const ownerlessKey: Story = {
  build(b) {
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "api_key", provider: "internal", environment: "prod",
      team: "partnerships", component: "partner-feed", createdDaysAgo: 720, ownerless: true,
      purpose: "Order feed for the Globex partnership (owner left in 2024; key never re-assigned)",
    });
    const credential = storyCredential(b, identity, "api_key", S.fingerprint, 700);
    grantAll(b, identity, SCOPES, 700, "Partner feed launch", "j.morrow@acme.example");
    storyPlan(b, identity, credential, {
      used: SCOPES, rhythm: "service", weight: 3, chain: { auth: false, token: false, assume: null },
      profiles: [{ ip: "192.0.2.45", userAgent: "partner-sdk-java/3.2.0 (Java/17.0.11)", origin: "partner:globex-feed", weight: 1 }],
    });
  },
};
