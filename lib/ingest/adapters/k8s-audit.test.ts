import { beforeAll, describe, expect, it } from "vitest";
import { validateEvents, type CanonicalEvent } from "../event-schema";
import { adaptRecords } from "./index";
import { classifyK8sUser, k8sAudit } from "./k8s-audit";
import { loadRecords, manifest, pick, sampleFiles, text, type ManifestRow } from "./test-samples";

// Independent re-statements of the samples README, written from its text.
/** The inner audit Event of native records and of the AKS `properties.log` wrapper (object or JSON string). */
function innerEvent(r: unknown): unknown {
  const log = pick(r, "properties", "log");
  return typeof log === "string" ? JSON.parse(log) : (log ?? r);
}
/**
 * The acting principal as the curators counted it: `impersonatedUser.username` when present, else
 * `user.username`; GKE's LogEntry wrapper names it in `protoPayload.authenticationInfo.principalEmail`.
 * (The README's wording "user.username (+ impersonatedUser.username)" would give 4, not its 3,
 * for demo-dc2769a.log, where system:admin only ever impersonates: the acting identity is meant.)
 */
function readmePrincipal(r: unknown): string | undefined {
  const gke = text(pick(r, "protoPayload", "authenticationInfo", "principalEmail"));
  const e = innerEvent(r);
  return gke ?? text(pick(e, "impersonatedUser", "username")) ?? text(pick(e, "user", "username"));
}
/** "K8s responseStatus.code 401/403". */
const readmeDenied = (r: unknown) => [401, 403].includes(Number(pick(innerEvent(r), "responseStatus", "code")));
/** Warden's policy: one event per request, at its final stage; earlier stages are skipped. */
const interim = (r: unknown) => ["RequestReceived", "ResponseStarted"].includes(String(pick(innerEvent(r), "stage")));
const final = (records: unknown[]) => records.filter((r) => !interim(r));

interface Loaded {
  row: ManifestRow;
  records: unknown[];
  events: CanonicalEvent[];
  rejected: number;
  skipped: number;
}

async function load(files: string[]): Promise<Loaded[]> {
  const rows = manifest();
  const out: Loaded[] = [];
  for (const file of files) {
    const records = await loadRecords(file);
    const adapted = adaptRecords(records); // detected, not forced: the samples mix wrappers
    const { valid, rejected } = validateEvents(adapted.events);
    out.push({ row: rows.get(file)!, records, events: valid.map((v) => v.event), rejected: rejected.length + adapted.rejected.length, skipped: adapted.skipped.length });
  }
  return out;
}

const distinct = (xs: unknown[]) => new Set(xs).size;

// README: 757 + 37 events, 4 / 3 principals, 11 / 11 denied; falco 51 / 7 / 0; elastic 6 / 4 / 0.
describe.each([
  ["audit2rbac demo-501d132.log", ["k8s-audit/audit2rbac/demo-501d132.log"], 757, 4, 11],
  ["audit2rbac demo-dc2769a.log", ["k8s-audit/audit2rbac/demo-dc2769a.log"], 37, 3, 11],
  ["falco trace files", sampleFiles("k8s-audit/falco-k8s-audit-trace-files"), 51, 7, 0],
  ["elastic wrappers", sampleFiles("k8s-audit/elastic-integrations"), 6, 4, 0],
])("%s", (_name, files, events, principals, denied) => {
  let loaded: Loaded[];
  beforeAll(async () => {
    loaded = await load(files);
  });

  it("adapts every final-stage record into a valid canonical event and skips the earlier stages", () => {
    const all = loaded.flatMap((f) => f.events);
    const records = loaded.flatMap((f) => f.records);
    expect(records.length).toBe(events); // the README's count of records
    expect(loaded.reduce((n, f) => n + f.rejected, 0)).toBe(0);
    expect(all.length).toBe(final(records).length);
    expect(loaded.reduce((n, f) => n + f.skipped, 0)).toBe(records.filter(interim).length);
    expect(all.every((e) => e.source === "k8s-audit" && e.provider === "kubernetes")).toBe(true);
  });

  it("matches the README's counts per file and in total, one event per request", () => {
    for (const f of loaded) {
      expect(f.records.length, f.row.file).toBe(f.row.events);
      expect(f.events.length, f.row.file).toBe(final(f.records).length);
      expect(f.events.filter((e) => e.decision === "deny").length, f.row.file).toBe(f.row.denied);
      expect(distinct(f.records.map(readmePrincipal)), f.row.file).toBe(f.row.principals);
      expect(f.events.map((e) => e.identity), f.row.file).toEqual(final(f.records).map(readmePrincipal));
    }
    const all = loaded.flatMap((f) => f.events);
    expect(distinct(loaded.flatMap((f) => f.records).map(readmePrincipal))).toBe(principals);
    expect(all.filter((e) => e.decision === "deny").length).toBe(denied);
    expect(loaded.flatMap((f) => f.records).filter(readmeDenied).length).toBe(denied);
  });
});

describe("Kubernetes audit mapping details", () => {
  let old: CanonicalEvent[];
  beforeAll(async () => {
    old = (await load(["k8s-audit/audit2rbac/demo-501d132.log"]))[0].events;
  });

  it("counts a request once: RequestReceived is skipped and its ResponseComplete stored, denied ones as denied", async () => {
    const [f] = await load(["k8s-audit/audit2rbac/demo-501d132.log"]);
    expect([f.records.length, f.skipped, old.length]).toEqual([757, 320, 437]); // README: 320 RequestReceived + 437 ResponseComplete
    expect(distinct(old.map((e) => e.eventId))).toBe(437);
    expect(old.every((e) => e.context?.stage === "ResponseComplete" && e.eventId.endsWith(":ResponseComplete"))).toBe(true);
    // Every skipped RequestReceived has its outcome among the stored events; the 403s stay denials.
    const received = f.records.filter((r) => pick(r, "stage") === "RequestReceived").map((r) => `${text(pick(r, "auditID"))}:ResponseComplete`);
    const ids = new Set(old.map((e) => e.eventId));
    expect(received.every((id) => ids.has(id))).toBe(true);
    expect(old.filter((e) => e.decision === "deny").length).toBe(11);
    expect(k8sAudit.adapt(f.records.find((r) => pick(r, "stage") === "RequestReceived"))).toEqual({ skip: true, reason: "RequestReceived stage: the request is counted once, at its final stage" });
  });

  it("derives idempotency keys from auditID + stage only (falco's fixtures reuse auditIDs upstream)", async () => {
    const files = await load(sampleFiles("k8s-audit/falco-k8s-audit-trace-files"));
    const raw = final(files.flatMap((f) => f.records)).map((r) => `${text(pick(r, "auditID"))}:${text(pick(r, "stage"))}`);
    const ids = files.flatMap((f) => f.events).map((e) => e.eventId);
    expect(ids).toEqual(raw);
    expect(ids.length).toBe(49); // 51 records, 2 of them ResponseStarted (exec, attach) whose ResponseComplete was not captured
    expect(new Set(ids).size).toBe(47); // two namespace-creation fixtures copy another's auditID
  });

  it("acts as the impersonated user and records the impersonator", () => {
    const denied = old.find((e) => e.decision === "deny")!;
    expect(denied).toMatchObject({
      identity: "bob",
      actorType: "human",
      action: "list pods",
      scope: "k8s:list:pods",
      resource: "/namespaces/default/pods",
      method: "GET",
      status: 403,
      context: { impersonatedBy: "system:admin" },
    });
    expect(denied.reason).toContain('User "bob" cannot list pods');
  });

  it("maps a service account to a non-human identity with its namespace as origin", () => {
    const sa = old.find((e) => e.identity === "system:serviceaccount:ns1:sa1")!;
    expect(sa).toMatchObject({ actorType: "nhi", identityKind: "service_account", identityName: "sa1", origin: "ns1" });
  });

  it("describes non-resource requests by their path", () => {
    expect(old.find((e) => e.path === "/api")).toMatchObject({ action: "get /api", resource: "/api", scope: "k8s:get:/api" });
  });

  it("unwraps GKE and AKS wrappers", async () => {
    const [loaded] = await load(["k8s-audit/elastic-integrations/test-audit.log"]);
    const gke = loaded.events.find((e) => e.identity === "system:gke-master-healthcheck")!;
    expect(gke).toMatchObject({ actorType: "nhi", action: "get /readyz", status: 200, sourceIp: "67.43.156.1", context: { wrapper: "gke", cluster: "test-cluster" } });
    const aks = loaded.events.find((e) => e.identity === "aksService")!;
    expect(aks).toMatchObject({ actorType: "nhi", action: "update leases", context: { wrapper: "aks", cluster: "TEST-AKS" } });
    const [kube] = await load(["k8s-audit/elastic-integrations/test-kube-audit.log"]);
    expect(kube.events[0]).toMatchObject({ identity: "aksService", eventId: "ad26f7bc-f1c6-4097-90f1-e0924e12f257:ResponseComplete" });
  });

  it("detects falco's records that have no apiVersion, and subresources", async () => {
    const exec = (await load(["k8s-audit/falco-k8s-audit-trace-files/exec_pod.json"]))[0];
    expect(exec.records[0]).not.toHaveProperty("apiVersion");
    // A long-running request logs ResponseStarted, then ResponseComplete when it ends: the latter counts.
    expect([exec.events.length, exec.skipped]).toEqual([0, 1]);
    const completed = k8sAudit.adapt({ ...(exec.records[0] as object), stage: "ResponseComplete" }) as CanonicalEvent;
    expect(completed).toMatchObject({ identity: "minikube-user", action: "create pods/exec", status: 101, decision: "allow" });
    expect(completed.resource).toBe("/namespaces/default/pods/nginx-deployment-7998647bdf-phvq7/exec");
  });

  it("classifies users", () => {
    expect(classifyK8sUser("system:serviceaccount:kube-system:replicaset-controller")).toMatchObject({ actorType: "nhi", namespace: "kube-system" });
    for (const u of ["system:node:minikube", "system:kube-controller-manager", "system:apiserver", "system:anonymous", "eks:certificate-controller"]) {
      expect(classifyK8sUser(u).actorType, u).toBe("nhi");
    }
    for (const u of ["minikube-user", "admin", "alice", "system:admin"]) expect(classifyK8sUser(u).actorType, u).toBe("human");
  });

  it("never throws on odd input", () => {
    for (const odd of [null, 42, "x", [], {}, { auditID: 1, verb: [], user: "u" }, { properties: { log: "{not json" } }]) {
      expect(() => k8sAudit.adapt(odd)).not.toThrow();
    }
  });
});
