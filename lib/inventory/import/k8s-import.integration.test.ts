// Kubernetes RBAC import against real PostgreSQL. There is no RBAC export among the shared samples:
// fixtures/kubectl-rbac-prod-eu-1.json is a hand-written but complete `kubectl get serviceaccounts,
// roles,clusterroles,rolebindings,clusterrolebindings -A -o json` of a small cluster (bootstrap
// roles, an aggregated `view`, a custom resource, IRSA / GKE / Azure annotations, a legacy token),
// and fixtures/kubectl-rbac-payments.yaml a later `-n payments -o yaml` export of one namespace.
// Expectations for accounts without wildcards are computed here from the JSON.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDb } from "../../test/db";
import { userActor } from "../../test/actors";
import { importInventory } from "./import-inventory";
import { AWS_SAMPLES, fixtureFile, inventorySnapshot, sampleFile, textFile } from "./test-files";

type Obj = {
  kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: { apiGroups?: string[]; resources?: string[]; verbs: string[]; nonResourceURLs?: string[] }[];
  aggregationRule?: { clusterRoleSelectors: { matchLabels: Record<string, string> }[] };
  roleRef?: { kind: string; name: string }; subjects?: { kind: string; name: string; namespace?: string }[];
};
const JSON_FIXTURE = "kubectl-rbac-prod-eu-1.json";
const items = (JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", JSON_FIXTURE), "utf8")) as { items: Obj[] }).items;
const admin = { actor: userActor("admin") };
const options = { source: "kubernetes" as const, cluster: "prod-eu-1" };

/** Scopes an account gets from non-wildcard rules, following bindings by hand. */
function expectedScopes(ns: string, name: string): Set<string> {
  const out = new Set<string>();
  const reaches = (b: Obj) => (b.subjects ?? []).some((s) =>
    (s.kind === "ServiceAccount" && s.name === name && (s.namespace ?? b.metadata.namespace) === ns) ||
    (s.kind === "User" && s.name === `system:serviceaccount:${ns}:${name}`) ||
    (s.kind === "Group" && ["system:authenticated", "system:serviceaccounts", `system:serviceaccounts:${ns}`].includes(s.name)));
  const rulesOf = (r: Obj): NonNullable<Obj["rules"]> => [
    ...(r.rules ?? []),
    ...(r.aggregationRule?.clusterRoleSelectors ?? []).flatMap((sel) => items.filter((o) => o.kind === "ClusterRole" && o !== r &&
      Object.entries(sel.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v)).flatMap(rulesOf)),
  ];
  for (const b of items.filter((o) => (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") && reaches(o))) {
    const role = items.find((o) => o.kind === b.roleRef!.kind && o.metadata.name === b.roleRef!.name && (o.kind === "ClusterRole" || o.metadata.namespace === b.metadata.namespace));
    for (const r of role ? rulesOf(role) : []) {
      for (const v of r.verbs) {
        for (const res of r.resources ?? []) out.add(`k8s:${v}:${res}`);
        if (b.kind === "ClusterRoleBinding") for (const u of r.nonResourceURLs ?? []) out.add(`k8s:${v}:${u}`);
      }
    }
  }
  return out;
}

let t: TestDb;
const q = async <T,>(text: string, values: unknown[] = []) => (await t.pool.query(text, values)).rows as T[];
const scopesOf = async (externalId: string) =>
  new Set((await q<{ name: string }>(`SELECT s.name FROM grants g JOIN scopes s ON s.id = g.scope_id JOIN identities i ON i.id = g.identity_id
                                       WHERE i.external_id = $1 AND g.revoked_at IS NULL`, [externalId])).map((r) => r.name));
const grant = async (externalId: string, scope: string) =>
  (await q<{ risk_class: string; provenance: { binding: string; role: string; namespace: string; resourceNames?: string[]; via?: string }[] }>(
    `SELECT s.risk_class::text, g.provenance FROM grants g JOIN scopes s ON s.id = g.scope_id JOIN identities i ON i.id = g.identity_id
      WHERE i.external_id = $1 AND s.name = $2 AND g.revoked_at IS NULL`, [externalId, scope]))[0];

beforeAll(async () => {
  t = await createTestDatabase("k8s_import");
});
afterAll(() => t?.close());

describe("Kubernetes RBAC import", () => {
  it("imports every service account as a workload identity with the grants its bindings give", async () => {
    const out = await importInventory(admin, { options, files: [fixtureFile(JSON_FIXTURE)] });
    const sas = items.filter((o) => o.kind === "ServiceAccount");
    expect(out.read).toMatchObject({ serviceAccounts: sas.length, roles: 3, clusterRoles: 9, roleBindings: 5, clusterRoleBindings: 8, aggregatedClusterRoles: 1 });
    expect(out.diff.identities.added).toBe(sas.length);
    const rows = await q<{ external_id: string; kind: string; actor_type: string; import_scope: string }>(
      `SELECT external_id, kind::text, actor_type::text, import_scope FROM identities ORDER BY external_id`);
    expect(rows.map((r) => r.external_id)).toEqual(sas.map((s) => `system:serviceaccount:${s.metadata.namespace}:${s.metadata.name}`).sort());
    expect(rows.every((r) => r.kind === "workload_identity" && r.actor_type === "nhi" && r.import_scope.startsWith("kubernetes:prod-eu-1/"))).toBe(true);
    for (const [ns, name] of [["payments", "payments-api"], ["payments", "ledger-worker"], ["monitoring", "prometheus"], ["kube-system", "coredns"], ["default", "default"]]) {
      expect(await scopesOf(`system:serviceaccount:${ns}:${name}`), `${ns}/${name}`).toEqual(expectedScopes(ns, name));
    }
    expect(out.warnings).toContain("ClusterRoleBinding/legacy-metrics-reader refers to ClusterRole metrics-reader, which is not in the export; it grants nothing here");
  });

  it("keeps namespace scoping and resourceNames in the provenance, and classifies risk", async () => {
    const api = "system:serviceaccount:payments:payments-api";
    expect(await grant(api, "k8s:get:secrets")).toEqual({
      risk_class: "secret_read",
      provenance: [{ binding: "RoleBinding/payments/payments-api-secrets", role: "Role/payments/secret-reader", namespace: "payments", apiGroups: [""], resourceNames: ["payments-db", "stripe-api-key"] }],
    });
    expect(await grant(api, "k8s:create:pods/exec")).toMatchObject({ risk_class: "admin", provenance: [{ namespace: "payments", via: `user ${api}` }] });
    const ledger = await grant("system:serviceaccount:payments:ledger-worker", "k8s:list:servicemonitors"); // aggregated into view from a CRD role
    expect(ledger.provenance).toEqual([expect.objectContaining({ binding: "RoleBinding/payments/ledger-view", role: "ClusterRole/view", namespace: "payments" })]);
    expect((await grant("system:serviceaccount:monitoring:prometheus", "k8s:get:/metrics")).provenance[0]).toMatchObject({ namespace: "*" });
  });

  it("expands cluster-admin's wildcards for the account bound to it", async () => {
    const deployer = await scopesOf("system:serviceaccount:ci:deployer");
    for (const s of ["k8s:create:pods/exec", "k8s:get:secrets", "k8s:impersonate:serviceaccounts", "k8s:escalate:clusterroles", "k8s:delete:namespaces", "k8s:watch:servicemonitors", "k8s:deletecollection:deployments"]) {
      expect(deployer.has(s), s).toBe(true);
    }
    expect(deployer.size).toBeGreaterThan(500);
    expect((await grant("system:serviceaccount:ci:deployer", "k8s:escalate:clusterroles")).risk_class).toBe("permission_change");
  });

  it("takes owners from labels and annotations, links cloud identities, records legacy tokens", async () => {
    const owners = await q(`SELECT i.external_id, o.team, o.person_email FROM identities i LEFT JOIN owners o ON o.id = i.owner_id
                             WHERE i.external_id IN ('system:serviceaccount:payments:payments-api', 'system:serviceaccount:monitoring:prometheus', 'system:serviceaccount:ci:deployer') ORDER BY 1`);
    expect(owners).toEqual([
      { external_id: "system:serviceaccount:ci:deployer", team: null, person_email: null },
      { external_id: "system:serviceaccount:monitoring:prometheus", team: "observability", person_email: "grace.hopper@example.com" },
      { external_id: "system:serviceaccount:payments:payments-api", team: "payments", person_email: "ada.lovelace@example.com" },
    ]);
    expect(await q(`SELECT i.external_id, l.target_ref, l.relation FROM identity_links l JOIN identities i ON i.id = l.identity_id ORDER BY 1`)).toEqual([
      { external_id: "system:serviceaccount:ci:deployer", target_ref: "6f0c7f0e-3b6e-4c8a-9a0d-2b1f6e5d4c3a", relation: "federates to Azure workload identity" },
      { external_id: "system:serviceaccount:payments:ledger-worker", target_ref: "ledger-worker@acme-prod.iam.gserviceaccount.com", relation: "acts as GCP service account" },
      { external_id: "system:serviceaccount:payments:payments-api", target_ref: "arn:aws:iam::012345678901:role/MyOtherRole", relation: "assumes AWS role" },
    ]);
    expect(await q(`SELECT type::text, fingerprint, status::text FROM credentials`)).toEqual([{ type: "token", fingerprint: "k8s:prod-eu-1/ci/secret/deployer-token-x7k2p", status: "active" }]);
    // Once the AWS account is imported too, the annotation resolves to its role.
    await importInventory(admin, { options: { source: "aws" }, files: [sampleFile(`${AWS_SAMPLES}/cloudsplaining-test-authz-details.json`)] });
    expect(await q(`SELECT r.kind::text, r.name FROM identity_links l JOIN identities r ON r.external_id = l.target_ref WHERE l.relation = 'assumes AWS role'`))
      .toEqual([{ kind: "workload_identity", name: "MyOtherRole" }]);
  });

  it("re-importing the same export changes nothing", async () => {
    const before = await inventorySnapshot(t.pool);
    const out = await importInventory(admin, { options, files: [fixtureFile(JSON_FIXTURE)] });
    expect(out.diff.identities).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(out.diff.grants).toMatchObject({ added: 0, changed: 0, removed: 0 });
    expect(await inventorySnapshot(t.pool)).toEqual(before);
  });

  it("a namespace-only YAML export marks only that namespace's missing accounts gone and revokes no other grant", async () => {
    const apiScopes = await scopesOf("system:serviceaccount:payments:payments-api");
    const out = await importInventory(admin, { options, files: [fixtureFile("kubectl-rbac-payments.yaml")] });
    expect(out.files[0].format).toBe("kubectl-yaml");
    expect(out.coverage.identities).toEqual(["kubernetes:prod-eu-1/payments"]);
    expect(out.diff.identities).toMatchObject({ removed: 1 });
    expect(out.diff.samples.removed.map((r) => r.externalId)).toEqual(["system:serviceaccount:payments:ledger-worker"]);
    const status = await q<{ external_id: string; status: string }>(`SELECT external_id, status::text FROM identities WHERE status <> 'active'`);
    expect(status).toEqual([{ external_id: "system:serviceaccount:payments:ledger-worker", status: "decommissioned" }]);
    expect(await scopesOf("system:serviceaccount:payments:payments-api")).toEqual(apiScopes);
    expect(await scopesOf("system:serviceaccount:payments:ledger-worker")).toEqual(new Set());
  });

  it("refuses an object of the wrong shape with the file, its path and the reason", async () => {
    const bad = JSON.stringify({ kind: "List", items: [{ kind: "RoleBinding", metadata: { name: "x", namespace: "a" }, roleRef: { kind: "Thing", name: "y" } }] });
    await expect(importInventory(admin, { options, files: [textFile("bad.json", bad)] }))
      .rejects.toMatchObject({ code: "invalid", extra: { file: "bad.json", path: "$.items[0].roleRef.kind" } });
  });
});
