// How a background identity shows up in events: where it calls from (stable IP, user agent and
// origin per workload), its daily rhythm, session chain, volume weight and, for agents, tasks.
import { UA, VENDORS, clusterFor, partnerIp, privateIp, publicIp } from "../catalog/clients";
import type { Team } from "../catalog/org";
import type { Rng } from "../rng";
import type { AgentTask, Identity, IdentityKind, Plan, Profile, Rhythm } from "../types";
import type { EstateBuilder } from "./builder";
import { DAY } from "./builder";
import type { GrantPlan } from "./grants";

const KIND_WEIGHT: Record<IdentityKind, number> = {
  service_account: 1.2, workload_identity: 1.5, api_key: 1, ci_token: 0.8, oauth_app: 0.8, bot: 0.4, ai_agent: 0.7, user: 0.3,
};
const BATCHY = /etl|loader|backup|compactor|export|report|sync|recon|scoring|metering|settlement/;

function sdkAgent(rng: Rng, identity: Identity): string {
  const p = identity.provider;
  return rng.pick(p === "aws" || p === "gcp" || p === "azure" ? UA[p] : UA.service);
}

function profiles(rng: Rng, identity: Identity, team: Team): Profile[] {
  const env = identity.environment;
  const cluster = clusterFor(env, team.cloud);
  const inCluster = (ua: string, ns = identity.team): Profile[] => [{ ip: privateIp(rng, env), userAgent: ua, origin: `${cluster}/${ns}`, weight: 1 }];
  switch (identity.kind) {
    case "service_account": {
      const where = rng.weighted([["cluster", 5], ["serverless", 3], ["legacy", 2]] as const);
      if (where === "cluster") return inCluster(sdkAgent(rng, identity));
      const origin = where === "legacy" ? `jenkins-legacy/${identity.team}` : `${identity.provider === "gcp" ? "cloud-run" : identity.provider === "azure" ? "app-service" : "lambda"}:${env}/${identity.component}`;
      return [{ ip: where === "legacy" ? `10.50.${rng.int(0, 256)}.${rng.int(2, 255)}` : privateIp(rng, env), userAgent: sdkAgent(rng, identity), origin, weight: 1 }];
    }
    case "workload_identity":
      return inCluster(identity.provider === "kubernetes" ? rng.pick([...UA.kubernetes, ...UA.service]) : sdkAgent(rng, identity));
    case "api_key":
      if (rng.chance(0.6)) return inCluster(rng.pick(UA.service));
      return [{ ip: partnerIp(rng), userAgent: rng.pick(UA.partner), origin: `partner:${identity.component}`, weight: 1 }];
    case "ci_token": {
      const selfHosted = rng.chance(0.6);
      const ip = selfHosted ? `10.40.${rng.int(0, 256)}.${rng.int(2, 255)}` : publicIp(rng, `140.82.${rng.int(112, 116)}`);
      return [{ ip, userAgent: rng.pick(UA.github), origin: `github-actions/${String(identity.attributes.repo)}`, weight: 1 }];
    }
    case "oauth_app": {
      const vendor = VENDORS.find(([v]) => v === identity.attributes.vendor) ?? VENDORS[0];
      return [{ ip: publicIp(rng, vendor[2]), userAgent: vendor[1], origin: `saas:${vendor[0]}`, weight: 1 }];
    }
    case "bot":
      if (identity.provider === "github") return [{ ip: publicIp(rng, "140.82.114"), userAgent: rng.pick(UA.bot), origin: `github-app:${identity.name}`, weight: 1 }];
      return inCluster(rng.pick(UA.bot), "bots");
    case "ai_agent":
      return inCluster(rng.pick(UA.agent), "agents");
    case "user": {
      const ua = rng.pick(UA.browser);
      return [
        { ip: `192.0.2.${rng.int(10, 60)}`, userAgent: ua, origin: "office:hq", weight: 7, actorType: "human" },
        { ip: `203.0.113.${rng.int(200, 250)}`, userAgent: ua, origin: "vpn:global", weight: 3, actorType: "human" },
      ];
    }
  }
}

function rhythmOf(rng: Rng, identity: Identity, profile: Profile): Rhythm {
  switch (identity.kind) {
    case "service_account":
      return BATCHY.test(identity.component) && rng.chance(0.5) ? "batch" : "service";
    case "api_key":
      return profile.origin?.startsWith("partner:") ? "office" : "service";
    case "ci_token":
      return "ci";
    case "ai_agent":
      return "agent";
    case "user":
      return "human";
    default:
      return "service";
  }
}

function assumeScope(identity: Identity): string | null {
  const p = identity.provider;
  if (identity.kind === "service_account" || identity.kind === "ai_agent") {
    return p === "aws" ? "sts:AssumeRole" : p === "gcp" ? "iam.serviceAccounts.getAccessToken" : null;
  }
  if (identity.kind === "workload_identity") {
    return p === "aws" ? "sts:AssumeRoleWithWebIdentity" : p === "gcp" ? "iam.serviceAccounts.getAccessToken" : null;
  }
  return null;
}

const TASKS = [
  "Summarize open incidents for {team}", "Draft the weekly {team} status report", "Answer a customer question about {component}",
  "Investigate the failed {component} job", "Reconcile {team} metrics against the warehouse", "Review a pull request in acme/{team}-{component}",
  "Triage new tickets tagged {team}", "Prepare an account brief for the {team} QBR", "Update the {component} runbook",
];

export function agentTasks(rng: Rng, identity: Identity): AgentTask[] {
  return rng.sample(TASKS, rng.int(3, 6)).map((t) => ({ task: t.replace("{team}", identity.team).replace("{component}", identity.component) }));
}

export function buildPlan(
  b: EstateBuilder, rng: Rng, identity: Identity, team: Team, grants: GrantPlan, credentialRef: string | null, silent: boolean,
): Plan {
  const profs = profiles(rng, identity, team);
  const assume = assumeScope(identity);
  const created = identity.createdAt.getTime();
  if (assume && identity.status !== "discovered") {
    b.addGrant(identity.id, assume, {
      grantedBy: "terraform-automation",
      grantedAt: new Date(Math.max(created, Math.min(created + DAY, b.windowStart - DAY))),
      justification: "Role assumption for the workload's session credentials", expiresAt: null,
      revokedBy: null, revokedAt: null, revokeReason: null,
    });
  }
  const kind = identity.kind;
  return {
    identityId: identity.id,
    weight: silent ? 0 : KIND_WEIGHT[kind] * Math.exp(0.9 * rng.normal()),
    rhythm: rhythmOf(rng, identity, profs[0]),
    tz: team.tz,
    credentialRef,
    used: grants.used,
    probes: grants.probes,
    denialRate: Math.min(0.05, Math.max(0.002, 0.01 * Math.exp(0.8 * rng.normal()))),
    profiles: profs,
    chain: { auth: kind !== "api_key", token: kind !== "api_key" && kind !== "bot", assume },
    agentTasks: kind === "ai_agent" ? agentTasks(rng, identity) : undefined,
    ciRepo: kind === "ci_token" ? String(identity.attributes.repo) : undefined,
    shadow: identity.status === "discovered" || undefined,
    activeFrom: created > b.windowStart ? created : undefined,
  };
}
