// Platform scopes: Kubernetes RBAC verbs, GitHub app/OAuth permissions, Okta admin API scopes and
// the company's own API scopes (`domain:resource:verb`). Risk codes as in scopes-cloud.ts.
import type { ScopeRow } from "./scopes-cloud";

/** risk code → "verb:resource" list; the scope name is `k8s:verb:resource`. */
const K8S: Record<string, string> = {
  r: "get:pods list:pods watch:pods get:deployments list:deployments get:services list:services get:configmaps list:configmaps get:jobs list:jobs list:namespaces list:nodes list:events get:ingresses",
  s: "get:secrets list:secrets watch:secrets create:serviceaccounts/token",
  w: "create:pods delete:pods create:deployments patch:deployments update:deployments create:jobs delete:jobs create:configmaps update:configmaps patch:services",
  p: "create:roles patch:roles create:rolebindings create:clusterrolebindings bind:clusterroles escalate:roles impersonate:serviceaccounts",
  a: "create:pods/exec delete:namespaces patch:nodes *:*",
};

const GITHUB: Record<string, string> = {
  r: "contents:read metadata:read pull_requests:read issues:read actions:read packages:read security_events:read administration:read members:read read:org",
  w: "contents:write pull_requests:write issues:write actions:write workflows:write packages:write deployments:write checks:write statuses:write environments:write pages:write repository_hooks:write secrets:write repo:write",
  s: "secrets:read",
  p: "members:write",
  a: "administration:write organization_administration:write org_hooks:write admin:org delete_repo",
};

const OKTA: Record<string, string> = {
  r: "okta.users.read okta.groups.read okta.apps.read okta.roles.read okta.logs.read okta.policies.read okta.schemas.read okta.users.read.self okta.devices.read",
  w: "okta.users.manage",
  p: "okta.groups.manage okta.roles.manage okta.factors.manage okta.apiTokens.manage",
  a: "okta.apps.manage okta.policies.manage okta.authorizationServers.manage okta.clients.manage okta.idps.manage okta.networkZones.manage okta.trustedOrigins.manage",
};

const INTERNAL: Record<string, string> = {
  r: "payments:ledger:read orders:orders:read catalog:products:read customers:profile:read customers:pii:read billing:invoices:read analytics:events:read support:tickets:read hr:employees:read feature-flags:flags:read ml:features:read audit:logs:read partner:reports:read crm:contacts:read slack:channels:read search:index:read",
  w: "payments:ledger:write payments:refunds:write payments:payouts:write orders:orders:write catalog:products:write customers:profile:write billing:invoices:write support:tickets:write feature-flags:flags:write notifications:messages:send search:index:write ml:models:deploy partner:feed:write crm:contacts:write llm:completions:create slack:chat:write pagerduty:incidents:write jira:issues:write",
  x: "payments:settlements:export customers:pii:export analytics:warehouse:export hr:payroll:export ml:training-data:export crm:contacts:export",
  s: "vault:kv:read vault:database:creds",
  p: "vault:sys:policy-write vault:auth:token-create",
  a: "billing:accounts:admin admin:users:impersonate",
  t: "tenants:cross-tenant:read tenants:impersonate",
};

function expand(table: Record<string, string>, name: (item: string) => string): ScopeRow[] {
  const rows: ScopeRow[] = [];
  for (const [code, list] of Object.entries(table)) {
    for (const item of list.split(" ")) rows.push([name(item), code]);
  }
  return rows;
}

export const k8sRows = (): ScopeRow[] => expand(K8S, (i) => `k8s:${i}`);
export const githubRows = (): ScopeRow[] => expand(GITHUB, (i) => i);
export const oktaRows = (): ScopeRow[] => expand(OKTA, (i) => i);
export const internalRows = (): ScopeRow[] => expand(INTERNAL, (i) => i);
