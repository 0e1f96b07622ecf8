// A CI token granted twenty GitHub permissions "to be safe"; its workflow only ever reads code
// and pushes packages.
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.unusedCiToken;
const GRANTED = [
  "contents:read", "contents:write", "packages:read", "packages:write", "pull_requests:write", "issues:write",
  "actions:write", "workflows:write", "deployments:write", "checks:write", "statuses:write", "environments:write",
  "pages:write", "secrets:read", "secrets:write", "administration:write", "members:write", "org_hooks:write",
  "admin:org", "repository_hooks:write",
];

export const unusedCiToken: Story = {
  build(b) {
    if (GRANTED.length !== S.granted) throw new Error("unusedCiToken: grant list and STORIES disagree");
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "ci_token", provider: "github", environment: "prod",
      team: "developer-experience", component: "monorepo-ci", createdDaysAgo: 400,
      purpose: "Deploy workflow of acme/monorepo (builds, pushes images)",
      attributes: { repo: "acme/monorepo", workflow: "deploy.yml" },
    });
    const credential = storyCredential(b, identity, "token", S.fingerprint, 200, 365);
    grantAll(b, identity, GRANTED, 390, "Monorepo CI bootstrap: everything the old Jenkins role had");
    storyPlan(b, identity, credential, {
      used: [...S.used], rhythm: "ci", ciRepo: "acme/monorepo",
      profiles: [{ ip: "10.40.12.7", userAgent: "GitHub-Actions-Runner/2.317.0", origin: "github-actions/acme/monorepo", weight: 1 }],
    });
  },
};
