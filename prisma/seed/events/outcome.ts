// What the producer would report for a call: decision, reason, policy and HTTP status, phrased the
// way each provider phrases its denials.
import type { Decision, Provider } from "../types";

export interface Outcome {
  decision: Decision;
  reason: string | null;
  policyId: string | null;
  status: number | null;
}

export function denial(provider: Provider, scope: string): [reason: string, policyId: string] {
  switch (provider) {
    case "aws":
      return [`AccessDenied: not authorized to perform ${scope} because no identity-based policy allows it`, "aws-iam:implicit-deny"];
    case "gcp":
      return [`PERMISSION_DENIED: permission '${scope}' denied on resource (or it may not exist)`, "gcp-iam:default-deny"];
    case "azure":
      return [`AuthorizationFailed: the client does not have authorization to perform action '${scope}'`, "azure-rbac:default-deny"];
    case "kubernetes": {
      const [, verb, res] = scope.split(":");
      return [`RBAC: forbidden: cannot ${verb} resource "${res}"`, "k8s-rbac:no-matching-binding"];
    }
    case "github":
      return [`Resource not accessible by integration (needs ${scope})`, "github-app:permissions"];
    case "okta":
      return [`E0000006: You do not have permission to perform the requested action (${scope})`, "okta:admin-roles"];
    case "internal":
      return [`insufficient_scope: token lacks ${scope}`, "opa:acme.authz.scopes"];
  }
}

export function conditionalDenial(provider: Provider): [reason: string, policyId: string] {
  if (provider === "aws") return ["AccessDenied: explicit deny in a service control policy", "scp:deny-outside-approved-regions"];
  if (provider === "internal") return ["denied: request from outside the allowed network", "opa:acme.authz.network"];
  return ["denied by a conditional access policy", `${provider}:conditional-access`];
}

export const ERROR_REASONS = [
  "upstream timeout after 30s", "ThrottlingException: Rate exceeded", "internal server error", "service unavailable",
];

export function okStatus(method: string | null): number | null {
  if (method === null) return null;
  return method === "POST" ? 201 : method === "DELETE" ? 204 : 200;
}

/** Authentication endpoint and issuer per provider (method, path, resource). */
export const AUTH_ENDPOINT: Record<Provider, readonly [string | null, string | null, string]> = {
  aws: [null, null, "sts.amazonaws.com"],
  gcp: [null, null, "iamcredentials.googleapis.com"],
  azure: ["POST", "/acme.onmicrosoft.com/oauth2/v2.0/token", "login.microsoftonline.com"],
  kubernetes: ["POST", "/apis/authentication.k8s.io/v1/tokenreviews", "kubernetes.default.svc"],
  github: ["POST", "/app/installations/41839275/access_tokens", "token.actions.githubusercontent.com"],
  okta: ["POST", "/oauth2/v1/token", "acme.okta.com"],
  internal: ["POST", "/oauth2/token", "auth.acme.internal"],
};

export const AUTH_FAILURES = ["invalid signature", "token expired", "unknown key id", "client assertion rejected"];

const AGENT_TOOLS: Record<string, readonly string[]> = {
  read: ["warehouse.query", "kb.search", "http.get"], write: ["ticket.update", "slack.post", "storage.put"],
  secret_read: ["secrets.get"], export: ["warehouse.export", "storage.export"], admin: ["cloud.admin"],
  permission_change: ["iam.attach_policy"], cross_tenant: ["tenant.switch"],
};

export function agentTool(risk: string, pick: (xs: readonly string[]) => string): string {
  return pick(AGENT_TOOLS[risk] ?? AGENT_TOOLS.read);
}
