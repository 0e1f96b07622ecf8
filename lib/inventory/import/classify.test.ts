// The pure rules of the importers: IAM pattern expansion, risk classes, NHI-vs-human for IAM
// users, Kubernetes risk classes, owner tags.
import { beforeAll, describe, expect, it } from "vitest";
import { actionCatalog, type ActionCatalog } from "./aws/action-catalog";
import { awsRiskClass } from "./aws/action-risk";
import { classifyAwsUser } from "./aws/classify-user";
import { k8sRiskClass } from "./kubernetes/k8s-risk";
import { ownerFromTags, tagMap } from "./owner-tags";

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await actionCatalog();
});

describe("IAM action patterns", () => {
  it("expands wildcards case-insensitively within a service, and * to every action", () => {
    const names = (p: string) => catalog.expand(p).actions.map((a) => a.name);
    expect(names("S3:getobject")).toEqual(["s3:GetObject"]);
    expect(names("kms:GenerateDataKey*")).toEqual(expect.arrayContaining(["kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyWithoutPlaintext"]));
    expect(names("kms:GenerateDataKey*").every((n) => n.startsWith("kms:GenerateDataKey"))).toBe(true);
    expect(names("iam:?etRole")).toEqual(["iam:GetRole"]);
    expect(names("*").length).toBe(catalog.all.length);
    expect(names("*:GetCallerIdentity")).toEqual(["sts:GetCallerIdentity"]);
    expect(catalog.all.length).toBeGreaterThan(15_000);
  });

  it("keeps an unknown literal action once, and reports a pattern that matches nothing", () => {
    const a = catalog.expand("gamesparks:GetGame");
    expect(a).toMatchObject({ unknown: true, actions: [{ name: "gamesparks:GetGame", known: false, riskClass: "read" }] });
    expect(catalog.expand("GAMESPARKS:getgame").actions[0]).toBe(a.actions[0]);
    expect(catalog.expand("nosuch:*")).toEqual({ actions: [], unknown: true });
  });

  it("takes the risk class from the access level, with the documented exceptions", () => {
    expect(awsRiskClass("s3:GetObject", "Read")).toBe("read");
    expect(awsRiskClass("s3:ListBucket", "List")).toBe("read");
    expect(awsRiskClass("s3:PutObject", "Write")).toBe("write");
    expect(awsRiskClass("s3:PutObjectTagging", "Tagging")).toBe("write");
    expect(awsRiskClass("iam:AttachRolePolicy", "Permissions management")).toBe("permission_change");
    expect(awsRiskClass("iam:PassRole", "Write")).toBe("permission_change");
    expect(awsRiskClass("secretsmanager:GetSecretValue", "Read")).toBe("secret_read");
    expect(awsRiskClass("ec2:ModifySnapshotAttribute", "Permissions management")).toBe("cross_tenant");
    expect(awsRiskClass("ssm:SendCommand", "Write")).toBe("admin");
    expect(awsRiskClass("dynamodb:ExportTableToPointInTime", "Write")).toBe("export");
  });
});

describe("IAM users: machine or person", () => {
  const none = { nhi: new Set<string>(), human: new Set<string>() };
  const user = (name: string, tags: Record<string, string> = {}, path = "/") => ({ name, arn: `arn:aws:iam::1:user${path}${name}`, path, tags: tagMap(Object.entries(tags)) });
  const report = (passwordEnabled: boolean, keys: boolean) => ({
    user: "u", arn: "a", createdAt: null, passwordEnabled, passwordLastUsed: null, passwordLastChanged: null, mfa: false,
    credentials: keys ? [{ type: "access_key" as const, fingerprint: "f", issuedAt: new Date(), expiresAt: null, lastRotatedAt: null, lastUsedAt: null, status: "active" as const }] : [],
  });
  it("follows the tag, then the operator, then the credential report, then the name", () => {
    expect(classifyAwsUser(user("alice", { "Warden:Actor-Type": "NHI" }), report(true, false), none).actorType).toBe("nhi");
    expect(classifyAwsUser(user("alice"), report(true, true), { nhi: new Set(["alice"]), human: new Set() }).basis).toBe("operator (--nhi)");
    expect(classifyAwsUser(user("alice"), report(true, true), none)).toEqual({ actorType: "human", basis: "credential report: console password" });
    expect(classifyAwsUser(user("alice"), report(false, true), none)).toEqual({ actorType: "nhi", basis: "credential report: access keys, no console password" });
    expect(classifyAwsUser(user("svc-payments"), undefined, none).actorType).toBe("nhi");
    expect(classifyAwsUser(user("uploader", {}, "/automation/"), undefined, none).actorType).toBe("nhi");
    expect(classifyAwsUser(user("terraform-ci"), undefined, none).actorType).toBe("nhi");
    expect(classifyAwsUser(user("alice.smith"), undefined, none)).toEqual({ actorType: "human", basis: "default: taken for a person (no credential report)" });
    expect(classifyAwsUser(user("capital"), undefined, none).actorType).toBe("human"); // "api" only as a word
  });
});

describe("Kubernetes risk classes", () => {
  it.each([
    ["get", "secrets", "secret_read"], ["watch", "secrets", "secret_read"], ["create", "serviceaccounts/token", "secret_read"],
    ["escalate", "clusterroles", "permission_change"], ["create", "rolebindings", "permission_change"], ["impersonate", "users", "permission_change"],
    ["create", "pods/exec", "admin"], ["get", "nodes/proxy", "admin"], ["delete", "namespaces", "admin"], ["patch", "mutatingwebhookconfigurations", "admin"],
    ["list", "pods", "read"], ["get", "/healthz", "read"], ["create", "selfsubjectaccessreviews", "read"], ["create", "deployments", "write"], ["delete", "pods", "write"],
  ] as const)("%s %s is %s", (verb, resource, risk) => {
    expect(k8sRiskClass(verb, resource)).toBe(risk);
  });
});

describe("owners from tags", () => {
  const keys = { ownerKeys: ["owner", "warden.io/owner"], teamKeys: ["team"] };
  it("reads the person (email or name) and the team, case-insensitively; nothing is ownerless", () => {
    expect(ownerFromTags(tagMap([["Owner", "Ada.Lovelace@Example.com"], ["Team", "payments"]]), keys)).toEqual({ team: "payments", email: "ada.lovelace@example.com", name: null });
    expect(ownerFromTags(tagMap([["warden.io/owner", "Grace Hopper"]]), keys)).toEqual({ team: null, email: null, name: "Grace Hopper" });
    expect(ownerFromTags(tagMap([["team", "  "], ["cost-center", "42"]]), keys)).toBeNull();
  });
});
