// The risk class of a Kubernetes verb on a resource (the README states this table):
// - reading secrets, or minting a service-account token → secret_read;
// - bind / escalate / impersonate, changing RBAC objects, approving certificates → permission_change;
// - a shell or proxy into workloads and nodes (exec, attach, port-forward, node proxy), deleting
//   namespaces, changing nodes, webhooks or CRDs → admin;
// - other reads (get, list, watch, and GETs of non-resource URLs), and asking the API server what
//   one may do (creating *subjectaccessreviews, *rulesreviews, *subjectreviews) → read;
//   everything else → write.
import type { RiskClass } from "../../../db/generated/enums";

const READ_VERBS = new Set(["get", "list", "watch"]);
const RBAC = new Set(["roles", "clusterroles", "rolebindings", "clusterrolebindings"]);
const SHELL = new Set(["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "nodes/proxy", "services/proxy"]);
const CLUSTER_CONTROL = new Set([
  "nodes", "nodes/status", "mutatingwebhookconfigurations", "validatingwebhookconfigurations", "customresourcedefinitions",
  "apiservices", "validatingadmissionpolicies", "validatingadmissionpolicybindings",
]);

export function k8sRiskClass(verb: string, resource: string): RiskClass {
  if (resource === "secrets" && READ_VERBS.has(verb)) return "secret_read";
  if (resource === "serviceaccounts/token" && verb === "create") return "secret_read";
  if (verb === "bind" || verb === "escalate" || verb === "impersonate" || verb === "approve" || verb === "sign") return "permission_change";
  if (RBAC.has(resource) && !READ_VERBS.has(verb)) return "permission_change";
  if (resource === "certificatesigningrequests/approval" && !READ_VERBS.has(verb)) return "permission_change";
  if (SHELL.has(resource)) return "admin";
  if (resource === "namespaces" && (verb === "delete" || verb === "deletecollection")) return "admin";
  if (CLUSTER_CONTROL.has(resource) && !READ_VERBS.has(verb)) return "admin";
  if (/(subjectaccessreviews|rulesreviews|subjectreviews)$/.test(resource)) return "read";
  return READ_VERBS.has(verb) ? "read" : "write";
}
