// AWS IAM export → Warden's import model.
// - Roles are workload identities (NHIs); IAM Identity Center roles (AWSReservedSSO_…) are people.
// - Users are NHIs or people by classify-user.ts; their kind is service account or human user.
// - Grants: the actions each identity's policies allow (policy-grants.ts), its own and its groups'.
//   A grant starts at the latest of the identity's creation, its group's and the policy
//   version's (AWS does not export when a policy was attached).
// - Credentials: from the credential report when one is imported alongside.
// - Coverage: each account the export lists (aws:<account>); the report covers credentials.
import type { ImportedCredential, ImportedGrant, ImportedIdentity, ImportedScope, ImportModel } from "../types";
import { ownerFromTags, tagMap, type OwnerKeys } from "../owner-tags";
import { ProvenanceText } from "../provenance-text";
import { actionCatalog, type AwsAction } from "./action-catalog";
import type { AuthorizationDetails, AwsPolicy, AwsRole, AwsUser } from "./authorization-details";
import { classifyAwsUser } from "./classify-user";
import type { ReportRow } from "./credential-report";
import { PolicyEvaluator, statementsOf, type AllowedAction, type PolicyDoc, type Source } from "./policy-grants";

export type AwsOptions = OwnerKeys & { environment?: string; nhi: string[]; human: string[] };

const accountOf = (arn: string) => arn.split(":")[4] || "unknown";
const later = (...ds: (Date | undefined)[]) => new Date(Math.max(...ds.filter((d): d is Date => !!d).map((d) => d.getTime())));
const ENV_KEYS = ["environment", "env", "stage"];

/** Who may assume a role, in one line, and whether anyone outside its account may. */
function trustOf(role: AwsRole): { trustedBy: string; crossAccount: boolean } {
  const who: string[] = [];
  let crossAccount = false;
  const own = accountOf(role.Arn);
  for (const s of statementsOf(role.AssumeRolePolicyDocument)) {
    if ((s as { Effect?: unknown }).Effect !== "Allow") continue;
    const p = (s as { Principal?: unknown }).Principal;
    if (p === "*") {
      who.push("anyone (*)");
      crossAccount = true;
      continue;
    }
    for (const [type, v] of Object.entries((p ?? {}) as Record<string, unknown>)) {
      for (const id of typeof v === "string" ? [v] : Array.isArray(v) ? v : []) {
        who.push(`${type} ${String(id)}`);
        const account = /^\d{12}$/.test(String(id)) ? String(id) : /^arn:[\w-]+:iam::(\d{12}):/.exec(String(id))?.[1];
        if (type === "AWS" && (id === "*" || (account && account !== own))) crossAccount = true;
      }
    }
  }
  const line = who.join(", ");
  return { trustedBy: line.length > 500 ? `${line.slice(0, 499)}…` : line, crossAccount };
}

function defaultVersion(p: AwsPolicy) {
  return p.PolicyVersionList.find((v) => v.IsDefaultVersion) ?? p.PolicyVersionList.find((v) => v.VersionId === p.DefaultVersionId);
}

export async function buildAwsModel(details: AuthorizationDetails, report: ReportRow[] | null, opts: AwsOptions): Promise<ImportModel> {
  const warnings = new Set<string>();
  const warn = (m: string) => void (warnings.size < 200 && warnings.add(m));
  const evaluator = new PolicyEvaluator(await actionCatalog(), warn);
  const policies = new Map(details.policies.map((p) => [p.Arn, p]));
  const groups = new Map(details.groups.map((g) => [`${accountOf(g.Arn)}/${g.GroupName}`, g]));
  const reportByArn = new Map((report ?? []).map((r) => [r.arn, r]));
  const overrides = { nhi: new Set(opts.nhi), human: new Set(opts.human) };
  const provenance = new ProvenanceText<Source>();
  const identities: ImportedIdentity[] = [];
  const credentials: ImportedCredential[] = [];
  const grants: ImportedGrant[] = [];
  const scopes = new Map<string, AwsAction>();

  const managed = (arn: string, since: Date, owner: string, via?: string): PolicyDoc | null => {
    const p = policies.get(arn);
    const v = p && defaultVersion(p);
    if (!p || !v) {
      warn(`${owner}: policy ${arn} is attached but not in the export (or has no default version); its grants are unknown`);
      return null;
    }
    return { policy: arn, version: v.VersionId, document: v.Document, since: later(since, v.CreateDate), ...(via ? { via } : {}) };
  };
  const inline = (name: string, document: unknown, since: Date, via?: string): PolicyDoc => ({ policy: `inline:${name}`, document, since, ...(via ? { via } : {}) });

  const addGrants = (externalId: string, allowed: Map<AwsAction, AllowedAction>) => {
    for (const a of allowed.values()) {
      scopes.set(a.action.name, a.action);
      grants.push({ identity: externalId, scope: a.action.name, grantedAt: a.since, expiresAt: null, justification: null, provenance: provenance.of(a.sources) });
    }
  };
  const boundaryOf = (b: { PermissionsBoundaryArn: string } | undefined, created: Date, owner: string) =>
    b ? (managed(b.PermissionsBoundaryArn, created, owner) ?? undefined) : undefined;
  const common = (arn: string, tags: Map<string, string>) => ({
    provider: "aws",
    environment: ENV_KEYS.map((k) => tags.get(k)).find(Boolean) ?? opts.environment ?? "unknown",
    status: "active" as const,
    purpose: tags.get("purpose") ?? tags.get("description") ?? null,
    owner: ownerFromTags(tags, opts),
    importScope: `aws:${accountOf(arn)}`,
    links: [],
  });

  for (const role of details.roles) {
    const tags = tagMap(role.Tags.map((t) => [t.Key, t.Value]));
    const trust = trustOf(role);
    const sso = role.RoleName.startsWith("AWSReservedSSO_");
    const docs = [
      ...role.AttachedManagedPolicies.map((a) => managed(a.PolicyArn, role.CreateDate, role.Arn)).filter((d): d is PolicyDoc => d !== null),
      ...role.RolePolicyList.map((p) => inline(p.PolicyName, p.PolicyDocument, role.CreateDate)),
    ];
    identities.push({
      ...common(role.Arn, tags),
      externalId: role.Arn, name: role.RoleName, kind: sso ? "user" : "workload_identity", actorType: sso ? "human" : "nhi",
      purpose: tags.get("purpose") ?? role.Description ?? null,
      attributes: {
        account: accountOf(role.Arn), path: role.Path, ...(role.RoleId ? { roleId: role.RoleId } : {}), trustedBy: trust.trustedBy,
        crossAccountTrust: trust.crossAccount, ...(role.Path.startsWith("/aws-service-role/") ? { serviceLinked: true } : {}),
        ...(role.InstanceProfileList.length ? { instanceProfiles: role.InstanceProfileList.map((p) => p.InstanceProfileName).join(", ") } : {}),
        ...(role.RoleLastUsed?.Region ? { lastUsedRegion: role.RoleLastUsed.Region } : {}),
        ...(sso ? { actorTypeBasis: "IAM Identity Center role (people sign in through it)" } : {}),
      },
      lastSeenAt: role.RoleLastUsed?.LastUsedDate ?? null,
      // Events may name the role by its unique id (OCSF) or without its path (assumed-role ARNs).
      aliases: [role.RoleId, role.Path !== "/" ? `${role.Arn.split(":role/")[0]}:role/${role.RoleName}` : undefined].filter((a): a is string => !!a),
    });
    addGrants(role.Arn, evaluator.allowed(docs, boundaryOf(role.PermissionsBoundary, role.CreateDate, role.Arn)));
  }

  for (const user of details.users) {
    const tags = tagMap(user.Tags.map((t) => [t.Key, t.Value]));
    const row = reportByArn.get(user.Arn);
    reportByArn.delete(user.Arn);
    if (report && !row) warn(`${user.Arn}: not in the credential report; classified without it`);
    const cls = classifyAwsUser({ name: user.UserName, arn: user.Arn, path: user.Path, tags }, row, overrides);
    identities.push({
      ...common(user.Arn, tags),
      externalId: user.Arn, name: user.UserName, kind: cls.actorType === "human" ? "user" : "service_account", actorType: cls.actorType,
      attributes: {
        account: accountOf(user.Arn), path: user.Path, ...(user.UserId ? { userId: user.UserId } : {}), actorTypeBasis: cls.basis,
        ...(user.GroupList.length ? { groups: user.GroupList.join(", ") } : {}), ...(row ? { mfa: row.mfa } : {}),
      },
      lastSeenAt: latestUse(row),
      aliases: user.UserId ? [user.UserId] : [],
    });
    for (const c of row?.credentials ?? []) credentials.push({ ...c, identity: user.Arn });
    addGrants(user.Arn, evaluator.allowed(userDocs(user), boundaryOf(user.PermissionsBoundary, user.CreateDate, user.Arn)));
  }

  function userDocs(user: AwsUser): PolicyDoc[] {
    const docs: PolicyDoc[] = [
      ...user.AttachedManagedPolicies.map((a) => managed(a.PolicyArn, user.CreateDate, user.Arn)).filter((d): d is PolicyDoc => d !== null),
      ...user.UserPolicyList.map((p) => inline(p.PolicyName, p.PolicyDocument, user.CreateDate)),
    ];
    for (const name of user.GroupList) {
      const g = groups.get(`${accountOf(user.Arn)}/${name}`);
      if (!g) {
        warn(`${user.Arn}: group ${name} is not in the export; its grants are unknown`);
        continue;
      }
      const since = later(user.CreateDate, g.CreateDate);
      for (const a of g.AttachedManagedPolicies) {
        const d = managed(a.PolicyArn, since, user.Arn, `group ${name}`);
        if (d) docs.push(d);
      }
      for (const p of g.GroupPolicyList) docs.push(inline(p.PolicyName, p.PolicyDocument, since, `group ${name}`));
    }
    return docs;
  }

  // What is left of the report: the root user (not in the authorization details) and strays.
  for (const row of reportByArn.values()) {
    if (!row.arn.endsWith(":root")) {
      warn(`credential report: ${row.arn} is not in the authorization details; its credentials are skipped`);
      continue;
    }
    const account = accountOf(row.arn);
    identities.push({
      externalId: row.arn, name: `root (${account})`, kind: "user", actorType: "human", provider: "aws", environment: opts.environment ?? "unknown",
      status: "active", purpose: "The account's root user", owner: null, importScope: `aws:${account}:root`,
      attributes: { account, mfa: row.mfa, actorTypeBasis: "the account's root user" }, lastSeenAt: latestUse(row), aliases: [], links: [],
    });
    for (const c of row.credentials) credentials.push({ ...c, identity: row.arn });
  }

  const accounts = [...new Set([...details.users, ...details.roles, ...details.groups].map((x) => accountOf(x.Arn)))].sort();
  const reportAccounts = [...new Set((report ?? []).map((r) => accountOf(r.arn)))].sort();
  const scopeRows: ImportedScope[] = [...scopes.values()].map((a) => ({
    name: a.name, resource: `aws:${a.service}`, riskClass: a.riskClass, provider: "aws", description: a.description,
  }));
  return {
    source: "aws",
    identities, credentials, grants, scopes: scopeRows,
    coverage: {
      identities: [...accounts.map((a) => `aws:${a}`), ...reportAccounts.map((a) => `aws:${a}:root`)],
      grants: accounts.map((a) => `aws:${a}`),
      credentials: reportAccounts.flatMap((a) => [`aws:${a}`, `aws:${a}:root`]),
    },
    counts: {
      accounts: accounts.length, users: details.users.length, groups: details.groups.length, roles: details.roles.length,
      policies: details.policies.length, policyVersions: details.policies.reduce((n, p) => n + p.PolicyVersionList.length, 0),
      inlinePolicies: [...details.users.map((u) => u.UserPolicyList), ...details.groups.map((g) => g.GroupPolicyList), ...details.roles.map((r) => r.RolePolicyList)].reduce((n, l) => n + l.length, 0),
      credentialReportRows: report?.length ?? 0,
    },
    warnings: [...warnings],
    collectedAt: null,
  };
}

/** The latest console or key use the report records. */
function latestUse(row: ReportRow | undefined): Date | null {
  const uses = [row?.passwordLastUsed, ...(row?.credentials ?? []).map((c) => c.lastUsedAt)].filter((d): d is Date => !!d);
  return uses.length ? new Date(Math.max(...uses.map((d) => d.getTime()))) : null;
}
