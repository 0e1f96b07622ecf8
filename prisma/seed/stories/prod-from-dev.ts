// A production workload identity whose token also shows up from the dev cluster for the last ten
// days (someone copied it into a sandbox): prod identity, dev origin, environmentHint "dev".
import { DAY_MS } from "../events/rhythm";
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.prodFromDev;
const SCOPES = ["k8s:get:secrets", "k8s:get:configmaps", "k8s:list:pods", "payments:ledger:read", "payments:settlements:export", "vault:database:creds"];
const UA = "acme-http/4.2.1 (+go1.22.5)";

export const prodFromDev: Story = {
  build(b) {
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "workload_identity", provider: "kubernetes", environment: "prod",
      team: "payments", component: "reconciler", createdDaysAgo: 600, attributes: { cluster: "prod-eks-use1", namespace: "payments" },
      purpose: "Pod identity of the payments reconciler (matches settlements against the ledger)",
    });
    const credential = storyCredential(b, identity, "token", S.fingerprint, 60, 180);
    grantAll(b, identity, SCOPES, 590, "Reconciler deployment");
    const [cluster, namespace] = S.devOrigin.split("/");
    storyPlan(b, identity, credential, {
      used: SCOPES, rhythm: "service",
      profiles: [
        { ip: "10.12.34.56", userAgent: UA, origin: S.prodOrigin, weight: 85 },
        {
          ip: "10.201.7.23", userAgent: UA, origin: S.devOrigin, weight: 15,
          activeFrom: Math.max(b.windowStart, b.nowMs - 10 * DAY_MS),
          context: { environmentHint: "dev", cluster, namespace },
        },
      ],
    });
  },
};
