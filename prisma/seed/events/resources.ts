// Concrete targets (resource, HTTP method and path) a workload touches with a scope: a few stable
// ones per identity and scope, named after its team and component.
import { AWS_ACCOUNTS } from "../catalog/clients";
import type { Rng } from "../rng";
import type { Identity, RiskClass, Scope } from "../types";

export interface Target {
  resource: string;
  method: string | null;
  path: string | null;
}

const SECRET_NAMES = ["db-password", "api-token", "signing-key", "webhook-secret", "oauth-client"];
const K8S_GROUP: Record<string, string> = {
  deployments: "/apis/apps/v1", jobs: "/apis/batch/v1", ingresses: "/apis/networking.k8s.io/v1",
  roles: "/apis/rbac.authorization.k8s.io/v1", rolebindings: "/apis/rbac.authorization.k8s.io/v1",
  clusterroles: "/apis/rbac.authorization.k8s.io/v1", clusterrolebindings: "/apis/rbac.authorization.k8s.io/v1",
};
const K8S_CLUSTER_SCOPED = new Set(["namespaces", "nodes", "clusterroles", "clusterrolebindings"]);
const K8S_METHOD: Record<string, string> = { get: "GET", list: "GET", watch: "GET", create: "POST", update: "PUT", patch: "PATCH", delete: "DELETE" };
const AZURE_SUBSCRIPTIONS: Record<string, string> = {
  prod: "5f1c9a2e-7b4d-4c1e-9a3f-2d8e6b0c4a71", staging: "a3d7e9b1-2c4f-4e6a-8b0d-1f3a5c7e9b2d", dev: "c9e1f3a5-b7d9-4f1b-a3c5-e7f9b1d3f5a7",
};
const READISH = new Set<RiskClass>(["read", "secret_read"]);

function aws(rng: Rng, s: Scope, id: Identity): string {
  const [svc, action] = s.name.split(":");
  const acct = AWS_ACCOUNTS[id.environment];
  const region = rng.pick(["us-east-1", "eu-west-1"]);
  const base = `${id.team}-${id.component}`;
  switch (svc) {
    case "s3": {
      const bucket = `arn:aws:s3:::acme-${id.team}-${id.environment}`;
      return /Object/.test(action) ? `${bucket}/${id.component}/2024/part-${rng.int(0, 64).toString().padStart(5, "0")}.parquet` : bucket;
    }
    case "secretsmanager":
      return `arn:aws:secretsmanager:${region}:${acct}:secret:${id.environment}/${id.team}/${id.component}/${rng.pick(SECRET_NAMES)}-${rng.chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 6)}`;
    case "kms":
      return `arn:aws:kms:${region}:${acct}:key/${rng.uuid()}`;
    case "ssm":
      return `arn:aws:ssm:${region}:${acct}:parameter/${id.environment}/${id.team}/${id.component}/${rng.pick(SECRET_NAMES)}`;
    case "iam":
    case "sts":
      return `arn:aws:iam::${acct}:role/${svc === "sts" ? base : `${id.team}-${rng.pick(["deployer", "reader", "admin", "ci"])}`}`;
    case "dynamodb":
      return `arn:aws:dynamodb:${region}:${acct}:table/${base}`;
    case "rds":
      return `arn:aws:rds:${region}:${acct}:db:${id.team}-${id.environment}-pg`;
    case "ec2":
      return `arn:aws:ec2:${region}:${acct}:instance/i-0${rng.hex(16)}`;
    case "lambda":
      return `arn:aws:lambda:${region}:${acct}:function:${base}`;
    default:
      return `arn:aws:${svc}:${region}:${acct}:${id.team}/${id.component}`;
  }
}

function gcp(rng: Rng, s: Scope, id: Identity): string {
  const svc = s.name.split(".")[0];
  const project = `acme-${id.team}-${id.environment}`;
  if (svc === "storage") return `//storage.googleapis.com/projects/_/buckets/${project}-data/objects/${id.component}/part-${rng.int(0, 64)}.avro`;
  if (svc === "bigquery") return `//bigquery.googleapis.com/projects/${project}/datasets/${id.team.replaceAll("-", "_")}/tables/${id.component.replaceAll("-", "_")}`;
  if (svc === "secretmanager") return `//secretmanager.googleapis.com/projects/${project}/secrets/${id.component}-${rng.pick(SECRET_NAMES)}`;
  return `//${svc}.googleapis.com/projects/${project}/${id.component}`;
}

function azure(rng: Rng, s: Scope, id: Identity): Target {
  const type = s.name.split("/").slice(0, 2).join("/");
  const resource = `/subscriptions/${AZURE_SUBSCRIPTIONS[id.environment]}/resourceGroups/rg-${id.team}-${id.environment}/providers/${type}/${id.component}`;
  return { resource, method: READISH.has(s.riskClass) && !s.name.includes("/action") ? "GET" : s.name.endsWith("/action") ? "POST" : "PUT", path: `${resource}?api-version=2023-05-01` };
}

function k8s(rng: Rng, s: Scope, id: Identity): Target {
  const [, verb, res] = s.name.split(":");
  const [kind, sub] = res === "*" ? ["pods", undefined] : res.split("/");
  const ns = K8S_CLUSTER_SCOPED.has(kind) ? "" : `/namespaces/${id.team}`;
  const named = verb !== "list" && verb !== "watch";
  const name = `${id.component}${kind === "pods" ? `-${rng.hex(5)}` : ""}`;
  const path = `${K8S_GROUP[kind] ?? "/api/v1"}${ns}/${kind}${named ? `/${name}` : ""}${sub ? `/${sub}` : ""}`;
  return { resource: path, method: K8S_METHOD[verb] ?? "POST", path: verb === "watch" ? `${path}?watch=true` : path };
}

function github(rng: Rng, s: Scope, id: Identity): Target {
  const repo = `acme/${id.team}-${id.component}`;
  const cat = s.name.split(":")[0];
  const org = /members|org/.test(s.name);
  const tail: Record<string, string> = {
    contents: `/contents/src/${id.component}/main.ts`, pull_requests: `/pulls/${rng.int(100, 4000)}`, issues: `/issues/${rng.int(10, 900)}`,
    actions: `/actions/runs/${rng.int(1e9, 9e9)}`, workflows: "/actions/workflows/deploy.yml/dispatches", deployments: "/deployments",
    checks: "/check-runs", statuses: `/statuses/${rng.hex(40)}`, secrets: `/actions/secrets/${id.component.toUpperCase().replaceAll("-", "_")}_TOKEN`,
    environments: "/environments/production", pages: "/pages", security_events: "/code-scanning/alerts", repository_hooks: "/hooks",
    repo: "/git/refs/heads/main", packages: "",
  };
  const path = org ? `/orgs/acme${s.name.startsWith("members") ? `/members/${rng.pick(["octo-dev", "acme-ci", "jdoe"])}` : s.name.includes("hooks") ? "/hooks" : ""}`
    : cat === "packages" ? `/orgs/acme/packages/container/${id.component}/versions` : `/repos/${repo}${tail[cat] ?? ""}`;
  const method = s.name === "delete_repo" ? "DELETE" : READISH.has(s.riskClass) ? "GET" : rng.pick(["POST", "PUT", "PATCH"]);
  return { resource: org ? "github.com/orgs/acme" : `github.com/${repo}`, method, path };
}

function okta(rng: Rng, s: Scope): Target {
  const thing = s.name.split(".")[1];
  const path = `/api/v1/${thing}/${rng.pick(["00u", "00g", "0oa"])}${rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 17)}`;
  return { resource: `acme.okta.com${path}`, method: s.riskClass === "read" ? "GET" : rng.pick(["POST", "PUT"]), path };
}

function internal(rng: Rng, s: Scope, id: Identity): Target {
  const [domain, res, verb] = s.name.split(":");
  if (domain === "vault") {
    const path = res === "kv" ? `/v1/secret/data/${id.environment}/${id.team}/${id.component}`
      : res === "database" ? `/v1/database/creds/${id.team}-readonly`
      : res === "sys" ? `/v1/sys/policies/acl/${id.team}` : "/v1/auth/token/create";
    return { resource: `vault.acme.internal${path}`, method: s.riskClass === "secret_read" ? "GET" : "POST", path };
  }
  const obj = `${res.slice(0, 3)}_${rng.chars("0123456789abcdefghjkmnpqrstvwxyz", 10)}`;
  const path = s.riskClass === "export" ? `/v1/${domain}/${res}/exports` : `/v1/${domain}/${res}/${obj}`;
  const method = s.riskClass === "read" ? "GET" : verb === "write" ? rng.pick(["PUT", "PATCH"]) : "POST";
  return { resource: `acme:${domain}:${res}/${s.riskClass === "export" ? "*" : obj}`, method, path };
}

export function targetFor(rng: Rng, s: Scope, id: Identity): Target {
  switch (s.provider) {
    case "aws":
      return { resource: aws(rng, s, id), method: null, path: null };
    case "gcp":
      return { resource: gcp(rng, s, id), method: null, path: null };
    case "azure":
      return azure(rng, s, id);
    case "kubernetes":
      return k8s(rng, s, id);
    case "github":
      return github(rng, s, id);
    case "okta":
      return okta(rng, s);
    case "internal":
      return internal(rng, s, id);
  }
}

/** A handful of stable targets per scope: the same objects recur, as in real workloads. */
export function targetsFor(rng: Rng, s: Scope, id: Identity): Target[] {
  const n = s.riskClass === "read" ? rng.int(2, 6) : rng.int(1, 3);
  return Array.from({ length: n }, () => targetFor(rng, s, id));
}
