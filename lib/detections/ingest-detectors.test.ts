// Every ingest detector on a positive case and on a benign look-alike that must not fire.
import { describe, expect, it } from "vitest";
import { classifyAction, loadAwsServices } from "./action-risk";
import { inspectBatch } from "./detect-batch";
import type { BatchState, DetectEvent, IdentityFacts, NewSource } from "./ingest-detector";
import type { EffectiveSetting } from "./settings";
import { INGEST_DETECTORS } from "./ingest-detectors";

const T = Date.parse("2026-11-20T03:10:00Z");
const DAY = 86_400_000;
const svc: IdentityFacts = { name: "svc-a", externalId: "svc:a", kind: "service_account", actorType: "nhi", environment: "prod", status: "active", hasGrants: true };
const human: IdentityFacts = { ...svc, name: "alice", externalId: "alice", kind: "user", actorType: "human" };
const agent: IdentityFacts = { ...svc, name: "agent-x", externalId: "agent:x", kind: "ai_agent" };

const ev = (over: Partial<DetectEvent> = {}): DetectEvent => ({
  at: T, source: "t", eventId: "e1", identityId: "i1", actorType: "nhi", action: "GET /x", decision: "allow", granted: true, ...over,
});

function run(events: DetectEvent[], who: IdentityFacts, newSources = new Map<number, NewSource[]>()) {
  const settings = new Map<string, EffectiveSetting>(INGEST_DETECTORS.map((d) => [d.id, { enabled: true, params: d.params.parse({}) as Record<string, unknown>, customised: [], updatedBy: null, updatedAt: null }]));
  const state: BatchState = { identity: () => who, newSources };
  return inspectBatch(events, state, settings).values();
}
const only = (detector: string, cs: ReturnType<typeof run>) => cs.filter((c) => c.detector === detector);

describe("new-source", () => {
  const fresh = (value: string, since: number | null, known: string[], kind: "ip" | "ua" = "ip", key = "AKIAX"): NewSource[] => [
    { kind, value, credentialKey: key, credentialSince: since === null ? null : new Date(since), known },
  ];
  it("fires for a settled long-lived credential seen from an unrelated network", () => {
    const [c] = only("new-source", run([ev({ sourceIp: "198.51.100.77" })], svc, new Map([[0, fresh("198.51.100.77", T - 30 * DAY, ["203.0.113.24"])]])));
    expect(c.severity).toBe("high");
    expect(c.subject).toBe("ip:198.51.100.77");
    expect(c.working.inputs.difference).toMatch(/no shared network/);
  });
  it("does not fire during the learning period, for a credential's first source, or for people", () => {
    expect(only("new-source", run([ev()], svc, new Map([[0, fresh("198.51.100.77", T - 2 * DAY, ["203.0.113.24"])]])))).toEqual([]);
    expect(only("new-source", run([ev()], svc, new Map([[0, fresh("198.51.100.77", null, [])]])))).toEqual([]);
    expect(only("new-source", run([ev({ actorType: "human" })], human, new Map([[0, fresh("198.51.100.77", T - 30 * DAY, ["203.0.113.24"])]])))).toEqual([]);
  });
  it("reports a temporary session key's second source at once, and a near address as low", () => {
    expect(only("new-source", run([ev()], svc, new Map([[0, fresh("18.236.1.1", T - 60_000, ["10.0.0.1"], "ip", "ASIAXYZ")]])))[0].severity).toBe("high");
    expect(only("new-source", run([ev()], svc, new Map([[0, fresh("10.1.2.9", T - 30 * DAY, ["10.1.2.3"])]])))[0].severity).toBe("low");
  });
});

describe("ungranted-high-risk", () => {
  it("fires for an allowed admin scope without a grant", () => {
    const [c] = only("ungranted-high-risk", run([ev({ scope: "billing:accounts:admin", riskClass: "admin", granted: false })], svc));
    expect(c.severity).toBe("critical");
  });
  it("does not fire for a granted one, a denied one, a read scope or an identity with no grants at all", () => {
    expect(only("ungranted-high-risk", run([ev({ scope: "a:admin", riskClass: "admin", granted: true })], svc))).toEqual([]);
    expect(only("ungranted-high-risk", run([ev({ scope: "a:admin", riskClass: "admin", granted: false, decision: "deny" })], svc))).toEqual([]);
    expect(only("ungranted-high-risk", run([ev({ scope: "a:read", riskClass: "read", granted: false })], svc))).toEqual([]);
    expect(only("ungranted-high-risk", run([ev({ scope: "a:admin", riskClass: "admin", granted: false })], { ...svc, hasGrants: false }))).toEqual([]);
  });
});

describe("environment-crossing", () => {
  it("fires for a prod identity used from a dev cluster, and the reverse", () => {
    expect(only("environment-crossing", run([ev({ origin: "dev-cluster/payments-sandbox" })], svc))[0].severity).toBe("high");
    expect(only("environment-crossing", run([ev({ origin: "prod-eks-use1/web" })], { ...svc, environment: "staging" }))[0].severity).toBe("medium");
  });
  it("does not fire for a prod origin, an origin that names no environment, or a word that only contains one", () => {
    expect(only("environment-crossing", run([ev({ origin: "prod-eks-use1/payments" })], svc))).toEqual([]);
    expect(only("environment-crossing", run([ev({ origin: "saas:zendesk" })], svc))).toEqual([]);
    expect(only("environment-crossing", run([ev({ origin: "vm:devops-tools-prod" })], svc))).toEqual([]);
  });
});

describe("human-through-nhi", () => {
  it("fires when a person acts through a service account, one finding per person", () => {
    const cs = only("human-through-nhi", run([ev({ actorType: "human", context: { onBehalfOf: "p@x" } }), ev({ actorType: "human", context: { onBehalfOf: "p@x" }, eventId: "e2" })], svc));
    expect(cs).toHaveLength(1);
    expect(cs[0].occurrences).toBe(2);
  });
  it("does not fire for a human identity acting as itself, nor for the service itself", () => {
    expect(only("human-through-nhi", run([ev({ actorType: "human" })], human))).toEqual([]);
    expect(only("human-through-nhi", run([ev()], svc))).toEqual([]);
  });
});

describe("high-risk-action", () => {
  it("classifies AWS actions from the IAM catalogue's access levels", async () => {
    await loadAwsServices(["cloudtrail:StopLogging", "secretsmanager:GetSecretValue", "iam:AttachUserPolicy", "s3:GetObject", "lambda:AddPermission20150331v2"]);
    expect(classifyAction({ action: "cloudtrail:StopLogging" })?.cls).toBe("logging");
    expect(classifyAction({ action: "secretsmanager:GetSecretValue" })?.cls).toBe("secret_read");
    expect(classifyAction({ action: "iam:AttachUserPolicy" })?.cls).toBe("permission_change");
    expect(classifyAction({ action: "lambda:AddPermission20150331v2" })?.cls).toBe("permission_change");
    expect(classifyAction({ action: "s3:GetObject" })).toBeNull();
    expect(classifyAction({ action: "get secrets", scope: "k8s:get:secrets" })?.cls).toBe("secret_read");
    expect(classifyAction({ action: "create clusterrolebindings", scope: "k8s:create:clusterrolebindings" })?.cls).toBe("permission_change");
    expect(classifyAction({ action: "get pods", scope: "k8s:get:pods" })).toBeNull();
  });
  it("fires for logging disabled even when granted, and for a key created for another user as critical", async () => {
    await loadAwsServices(["cloudtrail:StopLogging", "iam:CreateAccessKey"]);
    expect(only("high-risk-action", run([ev({ action: "cloudtrail:StopLogging" })], svc))[0].severity).toBe("critical");
    expect(only("high-risk-action", run([ev({ action: "iam:CreateAccessKey", resource: "bob" })], svc))[0].severity).toBe("critical");
  });
  it("fires for an agent's granted secret read, but not a service's, nor a denied attempt", async () => {
    await loadAwsServices(["secretsmanager:GetSecretValue", "cloudtrail:StopLogging"]);
    const read = ev({ action: "secretsmanager:GetSecretValue", granted: true });
    expect(only("high-risk-action", run([read], agent))).toHaveLength(1);
    expect(only("high-risk-action", run([read], svc))).toEqual([]);
    expect(only("high-risk-action", run([ev({ action: "cloudtrail:StopLogging", decision: "deny" })], svc))).toEqual([]);
  });
});
