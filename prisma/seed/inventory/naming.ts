// Names, external ids and purposes per identity kind, in the style each provider uses.
import { AWS_ACCOUNTS, VENDORS, clusterFor } from "../catalog/clients";
import type { Team } from "../catalog/org";
import type { Rng } from "../rng";
import type { Env, IdentityKind, Provider } from "../types";

export interface Naming {
  name: string;
  externalId: string;
  provider: Provider;
  purpose: string;
  attributes: Record<string, unknown>;
}

const SUFFIX: Record<Env, string> = { prod: "", staging: "-stg", dev: "-dev" };
const CI_VERBS = ["deploy", "build", "release", "test", "publish", "terraform-apply", "terraform-plan", "e2e", "docker-push", "migrate-db"];
const BOTS = ["renovate", "release-notes", "oncall-pager", "deploy-notifier", "jira-sync", "stale-pr-closer", "backport", "cla-checker", "standup", "cost-reporter", "access-request"];
const AGENT_ROLES: readonly (readonly [string, string])[] = [
  ["copilot", "answers questions and drafts replies"], ["triage", "triages incoming issues and alerts"],
  ["analyst", "runs analyses over the warehouse"], ["code-reviewer", "reviews pull requests"],
  ["research", "researches accounts and prepares briefs"], ["docs-writer", "keeps runbooks and docs current"],
  ["sql-assistant", "writes and runs SQL on request"], ["incident-responder", "gathers context during incidents"],
];

function gcpProject(team: Team, env: Env): string {
  return `acme-${team.team}-${env}`.slice(0, 30);
}

export function nameIdentity(rng: Rng, kind: IdentityKind, team: Team, component: string, env: Env): Naming {
  const t = team.team;
  const sfx = SUFFIX[env];
  const cloud: Provider = ["aws", "gcp", "azure"].includes(team.cloud) ? team.cloud : rng.pick(["aws", "aws", "gcp"] as const);
  switch (kind) {
    case "service_account": {
      const provider = rng.chance(0.8) ? cloud : "internal";
      const name = `svc-${t}-${component}${sfx}`;
      const externalId =
        provider === "aws" ? `arn:aws:iam::${AWS_ACCOUNTS[env]}:user/${name}`
        : provider === "gcp" ? `${`svc-${component}`.slice(0, 28)}@${gcpProject(team, env)}.iam.gserviceaccount.com`
        : provider === "azure" ? `azure:spn:${rng.uuid()}`
        : `svc:${name}`;
      return { name, externalId, provider, purpose: `Backend identity of ${t}/${component}: calls ${provider} APIs on its own behalf`, attributes: {} };
    }
    case "workload_identity": {
      const cluster = clusterFor(env, cloud);
      if (rng.chance(0.75)) {
        return {
          name: `k8s:${env}:${t}/${component}`, provider: "kubernetes",
          externalId: `spiffe://acme.internal/${cluster}/ns/${t}/sa/${component}`,
          purpose: `Pod identity of ${t}/${component} in ${cluster}`, attributes: { cluster, namespace: t },
        };
      }
      const name = `wi-${t}-${component}${sfx}`;
      const externalId =
        cloud === "aws" ? `arn:aws:iam::${AWS_ACCOUNTS[env]}:role/${name}`
        : cloud === "gcp" ? `principal://iam.googleapis.com/projects/${rng.int(1e11, 1e12)}/locations/global/workloadIdentityPools/${env}-pool/subject/${t}/${component}`
        : `azure:mi:${rng.uuid()}`;
      return { name, externalId, provider: cloud, purpose: `Federated workload identity for ${t}/${component} (${cluster})`, attributes: { cluster, namespace: t } };
    }
    case "api_key": {
      const name = `apikey-${t}-${component}${sfx}`;
      return { name, externalId: `apikey:${name}`, provider: "internal", purpose: `Server-to-server API key used by the ${component} integration`, attributes: {} };
    }
    case "ci_token": {
      const verb = rng.pick(CI_VERBS);
      const repo = `${t}-${component}`;
      const name = `gha-${verb}-${component}${sfx}`;
      return {
        name, provider: "github", externalId: `github:acme/${repo}:.github/workflows/${verb}${sfx}.yml`,
        purpose: `GitHub Actions token for the ${verb} workflow of acme/${repo}`, attributes: { repo: `acme/${repo}`, workflow: `${verb}${sfx}.yml` },
      };
    }
    case "oauth_app": {
      const [vendor] = rng.pick(VENDORS);
      const name = `oauth-${vendor}-${component}`;
      const provider: Provider = rng.chance(0.75) ? "okta" : "internal";
      return {
        name, provider, externalId: `okta:0oa${rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 17)}`,
        purpose: `${vendor} integration (${component}) installed by ${t}`, attributes: { vendor },
      };
    }
    case "bot": {
      const bot = rng.pick(BOTS);
      const provider: Provider = rng.chance(0.5) ? "github" : "internal";
      const name = `bot-${bot}-${t}`;
      return {
        name, provider, externalId: provider === "github" ? `github:app/acme-${bot}-${t}` : `slack:B0${rng.chars("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 9)}`,
        purpose: `${bot} bot for ${t}`, attributes: {},
      };
    }
    case "ai_agent": {
      const [role, what] = rng.pick(AGENT_ROLES);
      const provider: Provider = rng.weighted([["internal", 6], ["aws", 3], ["gcp", 1]] as const);
      const name = `agent-${t}-${role}${sfx}`;
      return { name, provider, externalId: `agent:${name}`, purpose: `AI agent that ${what} for ${t}`, attributes: { framework: rng.pick(["langgraph", "mcp"]) } };
    }
    case "user":
      throw new Error("human identities are named after people");
  }
}
