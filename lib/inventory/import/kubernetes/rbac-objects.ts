// Reads `kubectl get serviceaccounts,roles,clusterroles,rolebindings,clusterrolebindings -A` output:
// JSON (`-o json`, a List streamed item by item, or a single object) or YAML (`-o yaml`, one or
// more documents; YAML is read whole, an RBAC export is small). Each object is checked against the
// shape the API documents; a bad one is refused with its path. Other kinds are counted and skipped.
import { loadAll } from "js-yaml";
import { z } from "zod";
import type { FileReader } from "../file-reader";
import { jsonItems } from "../read-json";

const Meta = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  creationTimestamp: z.coerce.date().optional(),
  labels: z.record(z.string(), z.string()).nullish().transform((v) => v ?? {}),
  annotations: z.record(z.string(), z.string()).nullish().transform((v) => v ?? {}),
});
const Namespaced = Meta.extend({ namespace: z.string().min(1, "a namespaced object needs metadata.namespace") });
const strings = z.array(z.string()).nullish().transform((v) => v ?? []);
const Rule = z.object({ apiGroups: strings, resources: strings, verbs: z.array(z.string()).min(1), resourceNames: strings, nonResourceURLs: strings });
const Selector = z.object({
  matchLabels: z.record(z.string(), z.string()).nullish(),
  matchExpressions: z.array(z.object({ key: z.string(), operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]), values: strings })).nullish(),
});
const Subject = z.object({ kind: z.enum(["ServiceAccount", "User", "Group"]), name: z.string().min(1), namespace: z.string().optional() });
const RoleRef = z.object({ kind: z.enum(["Role", "ClusterRole"]), name: z.string().min(1) });

const ServiceAccount = z.object({
  kind: z.literal("ServiceAccount"), metadata: Namespaced,
  secrets: z.array(z.object({ name: z.string().min(1) })).nullish().transform((v) => v ?? []),
  automountServiceAccountToken: z.boolean().optional(),
});
const Role = z.object({ kind: z.literal("Role"), metadata: Namespaced, rules: z.array(Rule).nullish().transform((v) => v ?? []) });
const ClusterRole = z.object({
  kind: z.literal("ClusterRole"), metadata: Meta, rules: z.array(Rule).nullish().transform((v) => v ?? []),
  aggregationRule: z.object({ clusterRoleSelectors: z.array(Selector).nullish().transform((v) => v ?? []) }).nullish(),
});
const RoleBinding = z.object({ kind: z.literal("RoleBinding"), metadata: Namespaced, roleRef: RoleRef, subjects: z.array(Subject).nullish().transform((v) => v ?? []) });
const ClusterRoleBinding = z.object({ kind: z.literal("ClusterRoleBinding"), metadata: Meta, roleRef: RoleRef, subjects: z.array(Subject).nullish().transform((v) => v ?? []) });

const KINDS = { ServiceAccount, Role, ClusterRole, RoleBinding, ClusterRoleBinding } as const;

export type K8sServiceAccount = z.infer<typeof ServiceAccount>;
export type K8sRole = z.infer<typeof Role> | z.infer<typeof ClusterRole>;
export type K8sClusterRole = z.infer<typeof ClusterRole>;
export type K8sBinding = z.infer<typeof RoleBinding> | z.infer<typeof ClusterRoleBinding>;
export type K8sRule = z.infer<typeof Rule>;
export type K8sSelector = z.infer<typeof Selector>;

export type RbacObjects = {
  serviceAccounts: K8sServiceAccount[];
  roles: z.infer<typeof Role>[];
  clusterRoles: K8sClusterRole[];
  bindings: K8sBinding[];
  /** Objects of other kinds in the files (a broader `kubectl get`), skipped. */
  ignored: number;
};

export const emptyRbac = (): RbacObjects => ({ serviceAccounts: [], roles: [], clusterRoles: [], bindings: [], ignored: 0 });

function add(into: RbacObjects, value: unknown, where: string, reader: FileReader): void {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === "List") return; // the envelope; its items arrive one by one
  if (typeof kind !== "string" || !(kind in KINDS)) {
    into.ignored++;
    return;
  }
  const parsed = KINDS[kind as keyof typeof KINDS].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw reader.error(where + issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join(""), issue.message);
  }
  const o = parsed.data;
  if (o.kind === "ServiceAccount") into.serviceAccounts.push(o);
  else if (o.kind === "Role") into.roles.push(o);
  else if (o.kind === "ClusterRole") into.clusterRoles.push(o);
  else into.bindings.push(o);
}

export async function readRbacObjects(reader: FileReader, into: RbacObjects): Promise<void> {
  const head = (await reader.peek()).trimStart();
  if (head.startsWith("{")) {
    reader.format = "kubectl-json";
    // With items streamed out, the root that follows is only the List's envelope (or a single object).
    for await (const item of jsonItems(reader, ["$.items.*", "$"])) add(into, item.value, item.path, reader);
    return;
  }
  reader.format = "kubectl-yaml";
  const chunks: Buffer[] = [];
  for await (const c of reader.chunks()) chunks.push(c);
  let docs: unknown[];
  try {
    docs = loadAll(Buffer.concat(chunks).toString("utf8"));
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    throw reader.error(mark ? `line ${mark.line + 1}, column ${mark.column + 1}` : "(document)", `not valid YAML: ${(e as { reason?: string }).reason ?? String(e)}`);
  }
  docs.forEach((doc, d) => {
    const items = (doc as { kind?: unknown; items?: unknown } | null)?.kind === "List" ? (doc as { items?: unknown }).items : undefined;
    if (Array.isArray(items)) items.forEach((item, i) => add(into, item, `document ${d + 1}: items[${i}]`, reader));
    else if (doc !== null && doc !== undefined) add(into, doc, `document ${d + 1}`, reader);
  });
}
