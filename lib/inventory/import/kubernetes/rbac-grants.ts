// What each service account may do, as the API server's RBAC authorizer decides it:
// - a RoleBinding grants its Role's or ClusterRole's rules inside the binding's namespace; a
//   ClusterRoleBinding grants a ClusterRole's rules in every namespace (and non-resource URLs);
// - a binding reaches a service account as a ServiceAccount subject, as the User
//   `system:serviceaccount:<ns>:<name>`, or through the groups every service account is in:
//   `system:serviceaccounts`, `system:serviceaccounts:<ns>` and `system:authenticated`;
// - an aggregated ClusterRole holds its own rules plus those of every ClusterRole its selectors
//   match (recursively), whatever the export's copy of its rules says;
// - wildcards in verbs, API groups and resources expand against resources.ts plus every resource
//   the export's rules name. Namespace, API groups and resourceNames stay in the provenance.
import type { K8sBinding, K8sClusterRole, K8sRole, K8sRule, K8sSelector, K8sServiceAccount, RbacObjects } from "./rbac-objects";
import { builtInResources, verbsOf } from "./resources";

export type RbacSource = { binding: string; role: string; namespace: string; apiGroups?: string[]; resourceNames?: string[]; via?: string };
export type SaGrant = { scope: string; verb: string; resource: string; sources: RbacSource[]; since: Date | null };

const NON_RESOURCE_VERBS = ["get", "post", "put", "patch", "delete"];

function matches(sel: K8sSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key])) return false;
  }
  return true;
}

export class RbacEvaluator {
  private readonly clusterRoles: Map<string, K8sClusterRole>;
  private readonly roles: Map<string, K8sRole>;
  private readonly resources = builtInResources();
  private readonly aggregated = new Map<string, K8sRule[]>();

  constructor(
    private readonly o: RbacObjects,
    private readonly warn: (m: string) => void,
  ) {
    this.clusterRoles = new Map(o.clusterRoles.map((r) => [r.metadata.name, r]));
    this.roles = new Map(o.roles.map((r) => [`${r.metadata.namespace}/${r.metadata.name}`, r]));
    for (const r of [...o.roles, ...o.clusterRoles]) {
      for (const rule of r.rules) {
        for (const g of rule.apiGroups) {
          if (g === "*") continue;
          const set = this.resources.get(g) ?? new Set<string>();
          for (const res of rule.resources) if (!res.includes("*")) set.add(res);
          this.resources.set(g, set);
        }
      }
    }
  }

  /** A ClusterRole's rules with its aggregation resolved. */
  rulesOf(name: string, seen = new Set<string>()): K8sRule[] {
    const cached = this.aggregated.get(name);
    if (cached) return cached;
    const role = this.clusterRoles.get(name);
    if (!role || seen.has(name)) return role?.rules ?? [];
    seen.add(name);
    const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
    const out = selectors.length ? [...role.rules] : role.rules;
    if (selectors.length) {
      for (const other of this.o.clusterRoles) {
        if (other.metadata.name !== name && selectors.some((s) => matches(s, other.metadata.labels))) {
          for (const rule of this.rulesOf(other.metadata.name, seen)) if (!out.includes(rule)) out.push(rule);
        }
      }
    }
    this.aggregated.set(name, out);
    return out;
  }

  private resourcesIn(groups: string[], pattern: string): string[] {
    const pools = groups.includes("*") ? [...this.resources.values()] : groups.map((g) => this.resources.get(g) ?? new Set<string>());
    const all = new Set<string>();
    for (const pool of pools) for (const r of pool) all.add(r);
    if (pattern === "*") return [...all];
    if (pattern.endsWith("/*")) return [...all].filter((r) => r.startsWith(pattern.slice(0, -1)));
    if (pattern.startsWith("*/")) return [...all].filter((r) => r.endsWith(pattern.slice(1)));
    return [pattern];
  }

  /** (verb, resource) pairs of one rule; non-resource URLs only count cluster-wide. */
  pairs(rule: K8sRule, clusterWide: boolean): [string, string][] {
    const out: [string, string][] = [];
    for (const pattern of rule.resources) {
      for (const resource of this.resourcesIn(rule.apiGroups, pattern)) {
        for (const verb of rule.verbs.includes("*") ? verbsOf(resource) : rule.verbs) out.push([verb, resource]);
      }
    }
    if (clusterWide) {
      for (const url of rule.nonResourceURLs) for (const verb of rule.verbs.includes("*") ? NON_RESOURCE_VERBS : rule.verbs) out.push([verb, url]);
    }
    return out;
  }

  /** The service accounts a binding's subjects reach. */
  subjects(b: K8sBinding, sas: K8sServiceAccount[]): { sa: K8sServiceAccount; via?: string }[] {
    const out: { sa: K8sServiceAccount; via?: string }[] = [];
    const key = (sa: K8sServiceAccount) => `${sa.metadata.namespace}/${sa.metadata.name}`;
    const byKey = new Map(sas.map((sa) => [key(sa), sa]));
    for (const s of b.subjects) {
      if (s.kind === "ServiceAccount") {
        const sa = byKey.get(`${s.namespace ?? b.metadata.namespace}/${s.name}`);
        if (sa) out.push({ sa });
      } else if (s.kind === "User") {
        const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(s.name);
        const sa = m && byKey.get(`${m[1]}/${m[2]}`);
        if (sa) out.push({ sa, via: `user ${s.name}` });
      } else if (s.name === "system:serviceaccounts" || s.name === "system:authenticated") {
        for (const sa of sas) out.push({ sa, via: `group ${s.name}` });
      } else if (s.name.startsWith("system:serviceaccounts:")) {
        const ns = s.name.slice("system:serviceaccounts:".length);
        for (const sa of sas) if (sa.metadata.namespace === ns) out.push({ sa, via: `group ${s.name}` });
      }
    }
    return out;
  }

  /** Service account (ns/name) → scope → grant. */
  grants(): Map<string, Map<string, SaGrant>> {
    const out = new Map<string, Map<string, SaGrant>>();
    for (const b of this.o.bindings) {
      const clusterWide = b.kind === "ClusterRoleBinding";
      const ns = clusterWide ? "*" : b.metadata.namespace!;
      const bindingName = clusterWide ? `ClusterRoleBinding/${b.metadata.name}` : `RoleBinding/${ns}/${b.metadata.name}`;
      const role = b.roleRef.kind === "Role" ? this.roles.get(`${ns}/${b.roleRef.name}`) : this.clusterRoles.get(b.roleRef.name);
      if (!role) {
        this.warn(`${bindingName} refers to ${b.roleRef.kind} ${b.roleRef.name}, which is not in the export; it grants nothing here`);
        continue;
      }
      const rules = role.kind === "ClusterRole" ? this.rulesOf(role.metadata.name) : role.rules;
      const roleName = role.kind === "ClusterRole" ? `ClusterRole/${role.metadata.name}` : `Role/${ns}/${role.metadata.name}`;
      const expanded = rules.map((rule) => ({ rule, pairs: this.pairs(rule, clusterWide) }));
      // One source object per rule and path, shared by every service account it reaches.
      const sources = new Map<string, RbacSource>();
      const sourceOf = (i: number, via: string | undefined): RbacSource => {
        const k = `${i}|${via ?? ""}`;
        let src = sources.get(k);
        if (!src) {
          const rule = expanded[i].rule;
          src = {
            binding: bindingName, role: roleName, namespace: ns,
            ...(rule.apiGroups.length ? { apiGroups: rule.apiGroups } : {}),
            ...(rule.resourceNames.length ? { resourceNames: rule.resourceNames } : {}),
            ...(via ? { via } : {}),
          };
          sources.set(k, src);
        }
        return src;
      };
      for (const { sa, via } of this.subjects(b, this.o.serviceAccounts)) {
        const key = `${sa.metadata.namespace}/${sa.metadata.name}`;
        const times = [b, role, sa].map((x) => x.metadata.creationTimestamp?.getTime()).filter((t): t is number => t !== undefined);
        const since = times.length ? new Date(Math.max(...times)) : null;
        let mine = out.get(key);
        if (!mine) out.set(key, (mine = new Map()));
        expanded.forEach(({ pairs }, i) => {
          const src = sourceOf(i, via);
          for (const [verb, resource] of pairs) {
            const scope = `k8s:${verb}:${resource}`;
            const g = mine.get(scope);
            if (!g) mine.set(scope, { scope, verb, resource, sources: [src], since });
            else {
              if (!g.sources.includes(src)) g.sources.push(src);
              if (since && (!g.since || since < g.since)) g.since = since;
            }
          }
        });
      }
    }
    return out;
  }
}
