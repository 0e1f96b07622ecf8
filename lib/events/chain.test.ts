import { describe, expect, it } from "vitest";
import { actionWords, chainSummary, classifyStep, groupKey, groupKind } from "./chain";

describe("actionWords", () => {
  it("splits producer dialects into lower-case words", () => {
    expect(actionWords("s3:GetObject")).toEqual(["s3", "get", "object"]);
    expect(actionWords("iam.serviceAccounts.getAccessToken")).toEqual(["iam", "service", "accounts", "get", "access", "token"]);
    expect(actionWords("k8s:create:serviceaccounts/token")).toEqual(["k8s", "create", "serviceaccounts", "token"]);
    expect(actionWords("STSAssumeRole")).toEqual(["sts", "assume", "role"]);
  });
});

describe("classifyStep", () => {
  it.each([
    // authentication
    ["authenticate", "auth"],
    ["user.login", "auth"],
    ["ConsoleLogin", "auth"],
    ["POST /oauth/sign-in", "auth"],
    ["sts:GetCallerIdentity", "auth"],
    // token issuance
    ["token.issue", "token"],
    ["sts:GetSessionToken", "token"],
    ["iam.serviceAccounts.getAccessToken", "token"],
    ["ecr:GetAuthorizationToken", "token"],
    ["vault:auth:token-create", "token"],
    ["k8s:create:serviceaccounts/token", "token"],
    ["redshift:GetClusterCredentials", "token"],
    ["iam:CreateAccessKey", "token"],
    ["iam.serviceAccountKeys.create", "token"],
    // role assumption
    ["sts:AssumeRole", "assume"],
    ["sts:AssumeRoleWithWebIdentity", "assume"],
    ["iam.serviceAccounts.actAs", "assume"],
    ["admin:users:impersonate", "assume"],
    // data access
    ["s3:GetObject", "data"],
    ["k8s:list:pods", "data"],
    ["okta.users.read", "data"],
    ["dynamodb:Query", "data"],
    ["secretsmanager:GetSecretValue", "data"],
    ["bigquery.tables.export", "data"],
    ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "data"],
    // plain API calls
    ["s3:PutObject", "api"],
    ["payments:ledger:write", "api"],
    ["llm:completions:create", "api"],
    ["iam:AttachRolePolicy", "api"],
    ["k8s:create:pods/exec", "api"],
  ] as const)("%s is %s", (action, step) => {
    expect(classifyStep({ action })).toBe(step);
  });

  it("falls back to the scope when the action is an HTTP request line", () => {
    expect(classifyStep({ action: "POST /v1/search", scope: "search:index:read" })).toBe("data");
    expect(classifyStep({ action: "POST /v1/things", scope: "things:write" })).toBe("api");
  });

  it("treats a read-class scope as data access unless the action writes", () => {
    expect(classifyStep({ action: "POST /v1/reports/run", scope: "reports:run", riskClass: "export" })).toBe("data");
    expect(classifyStep({ action: "PUT /v1/reports", scope: "reports:run", riskClass: "read" })).toBe("api");
  });
});

describe("grouping", () => {
  it("groups by session, else trace, else one no-session bucket", () => {
    expect(groupKey("ses_1", "t1")).toBe("ses_1");
    expect(groupKey(null, "t1")).toBe("t1");
    expect(groupKey("", "t1")).toBe("t1");
    expect(groupKey(null, null)).toBe("");
    expect(groupKind("ses_1", "t1")).toBe("session");
    expect(groupKind(null, "t1")).toBe("trace");
    expect(groupKind(null, null)).toBe("none");
  });

  it("summarises a group's chain in chain order, each step once", () => {
    expect(chainSummary(["data", "auth", "data", "token", "api"])).toEqual(["auth", "token", "api", "data"]);
    expect(chainSummary([])).toEqual([]);
  });
});
