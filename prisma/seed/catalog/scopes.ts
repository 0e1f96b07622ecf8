// The scope catalog (~300 scopes across seven providers) with resource and risk class.
import type { Rng } from "../rng";
import type { Provider, RiskClass, Scope } from "../types";
import { RISK_CODES, awsRows, azureRows, gcpRows, type ScopeRow } from "./scopes-cloud";
import { githubRows, internalRows, k8sRows, oktaRows } from "./scopes-platform";

const RISK_LABEL: Record<RiskClass, string> = {
  read: "Read", write: "Write", admin: "Administrative", export: "Bulk export",
  cross_tenant: "Cross-tenant", secret_read: "Secret read", permission_change: "Permission change",
};

function resourceOf(provider: Provider, name: string): string {
  switch (provider) {
    case "aws":
      return `aws:${name.split(":")[0]}`;
    case "gcp": {
      const [svc, type] = name.split(".");
      return `${svc}.googleapis.com/${type}`;
    }
    case "azure":
      return name.split("/").slice(0, 2).join("/");
    case "kubernetes":
      return `k8s:${name.split(":")[2]}`;
    case "github":
      return `github:${name.split(":")[0]}`;
    case "okta":
      return `okta:${name.split(".")[1]}`;
    case "internal": {
      const [domain, res] = name.split(":");
      return `acme:${domain}/${res}`;
    }
  }
}

const SOURCES: readonly (readonly [Provider, () => readonly ScopeRow[]])[] = [
  ["aws", awsRows], ["gcp", gcpRows], ["azure", azureRows], ["kubernetes", k8sRows],
  ["github", githubRows], ["okta", oktaRows], ["internal", internalRows],
];

export function buildScopes(rng: Rng): Scope[] {
  const scopes: Scope[] = [];
  for (const [provider, rows] of SOURCES) {
    for (const [name, code] of rows()) {
      const riskClass = RISK_CODES[code];
      const resource = resourceOf(provider, name);
      scopes.push({
        id: rng.uuid(), name, resource, riskClass, provider,
        description: `${RISK_LABEL[riskClass]} on ${resource} (${name})`,
      });
    }
  }
  return scopes;
}
