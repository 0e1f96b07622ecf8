// Where calls come from: user agents per client family, clusters per environment and cloud,
// SaaS vendors behind OAuth apps, and IP ranges. External partner IPs use the RFC 5737
// documentation ranges (192.0.2.0/24, 203.0.113.0/24); 198.51.100.0/24 is kept for stories.
import type { Rng } from "../rng";
import type { Env, Provider } from "../types";

export const UA = {
  aws: [
    "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.219 md/arch#x86_64 lang/python#3.11.9",
    "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64",
    "aws-sdk-java/2.25.60 Linux/5.10.219 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3",
    "aws-sdk-js/3.609.0 ua/2.0 os/linux#5.10.219 lang/js md/nodejs#20.15.1",
    "aws-cli/2.17.8 md/awscrt#0.20.11 ua/2.0 os/linux#5.10.219 md/arch#x86_64 lang/python#3.11.8",
  ],
  gcp: [
    "google-cloud-sdk/482.0.0 command/gcloud.storage.cp",
    "gl-python/3.11.9 grpc/1.64.1 gax/2.19.1 gapic/2.17.0 gccl/3.18.0",
    "google-api-go-client/0.5 (gzip) gl-go/1.22.5",
    "Apache_Beam_SDK_for_Python/2.57.0 (gzip)",
  ],
  azure: [
    "azsdk-python-identity/1.17.1 Python/3.11.9 (Linux-5.15.0-1064-azure-x86_64-with-glibc2.35)",
    "azsdk-net-Storage.Blobs/12.21.0 (.NET 8.0.6; Ubuntu 22.04.4 LTS)",
    "AZURECLI/2.62.0 (DEB) azsdk-python-core/1.30.2 Python/3.11.8",
  ],
  kubernetes: [
    "kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/39683505/system:serviceaccount",
    "kubectl/v1.30.2 (linux/amd64) kubernetes/39683505",
    "argocd-application-controller/v2.11.3 (linux/amd64)",
    "Go-http-client/2.0",
  ],
  service: [
    "acme-http/4.2.1 (+go1.22.5)", "okhttp/4.12.0", "python-httpx/0.27.0", "axios/1.7.2",
    "grpc-go/1.64.0", "node-fetch/3.3.2", "Apache-HttpClient/4.5.14 (Java/17.0.11)",
  ],
  github: [
    "GitHub-Actions-Runner/2.317.0", "octokit-rest.js/20.1.1 octokit-core.js/5.2.0 Node.js/20",
    "git/2.45.2", "Terraform/1.9.2 (+https://www.terraform.io) terraform-provider-github/6.2.3",
  ],
  partner: [
    "partner-sdk-java/3.2.0 (Java/17.0.11)", "acme-reporting-client/2.8.1 (python 3.11.9)",
    "Apache-HttpClient/4.5.14 (Java/11.0.23)", "PostmanRuntime/7.39.0", "Ruby/3.3.4 faraday/2.10.0",
  ],
  bot: [
    "Renovate/37.421.0 (+https://github.com/renovatebot/renovate)", "acme-release-bot/1.8.0",
    "Slackbot 1.0 (+https://api.slack.com/robots)", "acme-oncall-bot/3.1.2 (python-httpx/0.27.0)",
  ],
  agent: [
    "acme-agent-runtime/0.9.3 (langgraph/0.1.19; python/3.11.9)",
    "acme-agent-runtime/0.9.3 (mcp-client/1.2.0; node/20.15.1)",
  ],
  browser: [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  ],
} as const;

/** SaaS vendors behind OAuth apps: name, user agent, the cloud range they call from. */
export const VENDORS: readonly (readonly [string, string, string])[] = [
  ["salesforce", "Salesforce-Integration/62.0", "52.4"], ["hubspot", "HubSpot-Connector/2.3", "54.174"],
  ["zendesk", "Zendesk-Integrations/1.0", "35.157"], ["slack", "Slack-Events/1.0", "44.237"],
  ["jira", "Atlassian-Jira-Cloud/1001.0.0", "13.52"], ["datadog", "Datadog-Integrations/7.54.1", "3.233"],
  ["pagerduty", "PagerDuty-Webhook/3.0", "54.244"], ["snowflake", "SnowflakeConnector/3.11.0", "34.210"],
  ["looker", "Looker/24.10", "35.190"], ["zapier", "Zapier/1.0", "54.86"],
  ["segment", "Segment.io/1.0", "52.25"], ["workday", "Workday-Integration/42.1", "20.42"],
  ["greenhouse", "Greenhouse-Harvest/1.0", "34.224"], ["docusign", "DocuSign-Connect/2.1", "20.62"],
  ["gong", "Gong-Connector/5.4", "35.80"], ["intercom", "Intercom-Webhooks/2.11", "34.231"],
];

const CLUSTER_CLOUD: Record<string, string> = { aws: "eks-use1", gcp: "gke-euw1", azure: "aks-weu" };

/** Cluster name for an environment; dev workloads all share the one dev cluster. */
export function clusterFor(env: Env, cloud: Provider): string {
  if (env === "dev") return "dev-cluster";
  return `${env}-${CLUSTER_CLOUD[cloud] ?? "eks-use1"}`;
}

const ENV_OCTET: Record<Env, [number, number]> = { prod: [10, 20], staging: [20, 30], dev: [200, 210] };

/** A pod / VM address inside the environment's network (10.x). */
export function privateIp(rng: Rng, env: Env): string {
  const [lo, hi] = ENV_OCTET[env];
  return `10.${rng.int(lo, hi)}.${rng.int(0, 256)}.${rng.int(2, 255)}`;
}

export function publicIp(rng: Rng, prefix: string): string {
  const parts = prefix.split(".");
  while (parts.length < 4) parts.push(String(rng.int(1, 255)));
  return parts.join(".");
}

export function partnerIp(rng: Rng): string {
  return `${rng.pick(["192.0.2", "203.0.113"])}.${rng.int(2, 255)}`;
}

export const AWS_ACCOUNTS: Record<Env, string> = {
  prod: "412345678901", staging: "523456789012", dev: "634567890123",
};
