// Kubernetes RBAC export → Warden's import model.
// - Every ServiceAccount is a workload identity keyed `system:serviceaccount:<ns>:<name>` (the
//   user name its audit events carry), in import scope kubernetes:<cluster>/<namespace>.
// - Grants: rbac-grants.ts; a grant starts at the latest creation of its binding, role and account.
// - Owners from labels or annotations (owner / team keys); links to the cloud identity an
//   annotation names (EKS IRSA role, GKE workload identity, Azure workload identity client id).
// - Legacy long-lived token secrets listed on the account are credentials.
// - Coverage: the namespaces the export lists service accounts in (every namespace has `default`).
import type { ImportedCredential, ImportedGrant, ImportedIdentity, ImportedScope, ImportModel } from "../types";
import { ownerFromTags, tagMap, type OwnerKeys } from "../owner-tags";
import { ProvenanceText } from "../provenance-text";
import { k8sRiskClass } from "./k8s-risk";
import { RbacEvaluator, type RbacSource } from "./rbac-grants";
import type { RbacObjects } from "./rbac-objects";

export type K8sOptions = OwnerKeys & { cluster?: string; environment?: string };

/** Annotation → how the service account acts as that identity. */
const CLOUD_LINKS: Record<string, string> = {
  "eks.amazonaws.com/role-arn": "assumes AWS role",
  "iam.gke.io/gcp-service-account": "acts as GCP service account",
  "azure.workload.identity/client-id": "federates to Azure workload identity",
};
const ENV_KEYS = ["environment", "env", "warden.io/environment"];

export function buildK8sModel(o: RbacObjects, opts: K8sOptions): ImportModel {
  const cluster = opts.cluster ?? "default";
  const warnings = new Set<string>();
  const evaluator = new RbacEvaluator(o, (m) => void (warnings.size < 200 && warnings.add(m)));
  const bySa = evaluator.grants();
  const provenance = new ProvenanceText<RbacSource>();
  const now = new Date();
  const identities: ImportedIdentity[] = [];
  const credentials: ImportedCredential[] = [];
  const grants: ImportedGrant[] = [];
  const scopes = new Map<string, ImportedScope>();

  for (const sa of o.serviceAccounts) {
    const { name, namespace, labels, annotations, creationTimestamp } = sa.metadata;
    const ns = namespace;
    const externalId = `system:serviceaccount:${ns}:${name}`;
    const tags = tagMap([...Object.entries(labels), ...Object.entries(annotations)]);
    const links = Object.entries(CLOUD_LINKS)
      .filter(([k]) => annotations[k])
      .map(([k, relation]) => ({ targetRef: annotations[k].trim(), relation }));
    identities.push({
      externalId, name: `${ns}/${name}`, kind: "workload_identity", actorType: "nhi", provider: "kubernetes",
      environment: ENV_KEYS.map((k) => tags.get(k)).find(Boolean) ?? opts.environment ?? "unknown",
      status: "active", purpose: tags.get("warden.io/purpose") ?? tags.get("description") ?? null,
      owner: ownerFromTags(tags, opts), importScope: `kubernetes:${cluster}/${ns}`,
      attributes: {
        cluster, namespace: ns,
        ...(sa.automountServiceAccountToken !== undefined ? { automountToken: sa.automountServiceAccountToken } : {}),
        ...(sa.secrets.length ? { legacyTokenSecrets: sa.secrets.length } : {}),
        ...Object.fromEntries(links.map((l) => [l.relation, l.targetRef])),
      },
      lastSeenAt: null, aliases: [], links,
    });
    for (const secret of sa.secrets) {
      credentials.push({
        identity: externalId, type: "token", fingerprint: `k8s:${cluster}/${ns}/secret/${secret.name}`,
        issuedAt: creationTimestamp ?? now, expiresAt: null, lastRotatedAt: null, lastUsedAt: null, status: "active",
      });
    }
    for (const g of bySa.get(`${ns}/${name}`)?.values() ?? []) {
      if (!scopes.has(g.scope)) {
        const riskClass = k8sRiskClass(g.verb, g.resource);
        scopes.set(g.scope, { name: g.scope, resource: `k8s:${g.resource}`, riskClass, provider: "kubernetes", description: `${g.verb} ${g.resource}` });
      }
      grants.push({ identity: externalId, scope: g.scope, grantedAt: g.since ?? creationTimestamp ?? now, expiresAt: null, justification: null, provenance: provenance.of(g.sources) });
    }
  }
  const namespaces = [...new Set(o.serviceAccounts.map((sa) => sa.metadata.namespace))].sort();
  const coverage = namespaces.map((ns) => `kubernetes:${cluster}/${ns}`);
  // A namespace-only export (-n) has no cluster roles or bindings: the grants they give cannot be
  // told from those it lost, so such an import adds grants but revokes none.
  const clusterLevel = o.clusterRoles.length > 0 && o.bindings.some((b) => b.kind === "ClusterRoleBinding");
  if (!clusterLevel && o.serviceAccounts.length) {
    warnings.add("no ClusterRoles or ClusterRoleBindings in the export (a namespace-only export?): grants are added and updated, none are revoked");
  }
  return {
    source: "kubernetes",
    identities, credentials, grants, scopes: [...scopes.values()],
    coverage: { identities: coverage, grants: clusterLevel ? coverage : [], credentials: coverage },
    counts: {
      namespaces: namespaces.length, serviceAccounts: o.serviceAccounts.length, roles: o.roles.length, clusterRoles: o.clusterRoles.length,
      roleBindings: o.bindings.filter((b) => b.kind === "RoleBinding").length,
      clusterRoleBindings: o.bindings.filter((b) => b.kind === "ClusterRoleBinding").length,
      aggregatedClusterRoles: o.clusterRoles.filter((r) => r.aggregationRule?.clusterRoleSelectors.length).length,
      otherObjects: o.ignored,
    },
    warnings: [...warnings],
    collectedAt: null,
  };
}
