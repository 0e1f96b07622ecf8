// The built-in Kubernetes API resources by API group (as `kubectl api-resources` lists them on a
// 1.30 cluster), with the subresources RBAC rules name, and the verbs each takes. A wildcard in
// a role (`resources: ["*"]`, `verbs: ["*"]`) expands against this list plus every resource the
// export's own rules name (custom resources). Scope names follow the audit adapter:
// `k8s:<verb>:<resource>[/<subresource>]` (lib/ingest/adapters/k8s-audit.ts), without the group.

export const STANDARD_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

/** Verbs beyond the standard ones, on the resources that take them. */
export const SPECIAL_VERBS: Record<string, string[]> = {
  roles: ["bind", "escalate"],
  clusterroles: ["bind", "escalate"],
  users: ["impersonate"],
  groups: ["impersonate"],
  serviceaccounts: ["impersonate"],
  uids: ["impersonate"],
  "userextras/scopes": ["impersonate"],
  signers: ["approve", "sign"],
};

const GROUPS: Record<string, string> = {
  "": "bindings componentstatuses configmaps endpoints events limitranges namespaces namespaces/finalize namespaces/status nodes nodes/proxy nodes/status nodes/metrics nodes/stats persistentvolumeclaims persistentvolumeclaims/status persistentvolumes pods pods/attach pods/binding pods/ephemeralcontainers pods/eviction pods/exec pods/log pods/portforward pods/proxy pods/status podtemplates replicationcontrollers replicationcontrollers/scale resourcequotas secrets serviceaccounts serviceaccounts/token services services/proxy services/status users groups uids",
  apps: "controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale statefulsets statefulsets/scale",
  batch: "cronjobs cronjobs/status jobs jobs/status",
  autoscaling: "horizontalpodautoscalers",
  policy: "poddisruptionbudgets",
  "rbac.authorization.k8s.io": "clusterrolebindings clusterroles rolebindings roles",
  "networking.k8s.io": "ingressclasses ingresses networkpolicies",
  "storage.k8s.io": "csidrivers csinodes csistoragecapacities storageclasses volumeattachments",
  "apiextensions.k8s.io": "customresourcedefinitions",
  "admissionregistration.k8s.io": "mutatingwebhookconfigurations validatingwebhookconfigurations validatingadmissionpolicies validatingadmissionpolicybindings",
  "authentication.k8s.io": "tokenreviews selfsubjectreviews userextras/scopes",
  "authorization.k8s.io": "localsubjectaccessreviews selfsubjectaccessreviews selfsubjectrulesreviews subjectaccessreviews",
  "certificates.k8s.io": "certificatesigningrequests certificatesigningrequests/approval certificatesigningrequests/status signers",
  "coordination.k8s.io": "leases",
  "discovery.k8s.io": "endpointslices",
  "events.k8s.io": "events",
  "flowcontrol.apiserver.k8s.io": "flowschemas prioritylevelconfigurations",
  "node.k8s.io": "runtimeclasses",
  "scheduling.k8s.io": "priorityclasses",
  "apiregistration.k8s.io": "apiservices",
  "metrics.k8s.io": "nodes pods",
};

/** API group → its resources (mutable: the export's own custom resources are added). */
export function builtInResources(): Map<string, Set<string>> {
  return new Map(Object.entries(GROUPS).map(([g, list]) => [g, new Set(list.split(" "))]));
}

export function verbsOf(resource: string): string[] {
  return [...STANDARD_VERBS, ...(SPECIAL_VERBS[resource] ?? [])];
}
