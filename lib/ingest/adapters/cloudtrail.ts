// AWS CloudTrail records (S3 delivery `Records[]` items, EventBridge/Lake exports, Logstash copies).
import { asObject, clean, get, str, type Adapter, type Json } from "./types";

export interface AwsActor {
  actorType: "nhi" | "human";
  identityKind?: "workload_identity" | "api_key" | "service_account" | "user";
}

/**
 * Human or machine, from what CloudTrail tells us (a deliberately simple, explainable rule):
 * - console sign-in events, console sessions (`sessionCredentialFromConsole`) and IAM Identity
 *   Center roles (`AWSReservedSSO_…`) are people;
 * - an IAMUser/Root is a machine only when it signs with a long-term access key (AKIA…) outside a
 *   console session; temporary ASIA keys of an IAM user come from console/MFA sessions of a person;
 * - AssumedRole, AWSService, AWSAccount, FederatedUser and WebIdentityUser are machines
 *   (instance profiles, service roles, CI/OIDC federation); SAMLUser is a person.
 */
export function classifyAwsActor(a: {
  type?: string;
  accessKeyId?: string;
  consoleSession: boolean;
  consoleSignIn: boolean;
  ssoRole: boolean;
}): AwsActor {
  if (a.consoleSignIn || a.ssoRole || a.type === "SAMLUser") return { actorType: "human", identityKind: "user" };
  if (a.type === "IAMUser" || a.type === "Root") {
    const machine = a.accessKeyId?.startsWith("AKIA") === true && !a.consoleSession;
    return machine ? { actorType: "nhi", identityKind: "api_key" } : { actorType: "human", identityKind: "user" };
  }
  if (a.consoleSession) return { actorType: "human", identityKind: "user" };
  if (a.type === "AssumedRole" || a.type === "WebIdentityUser") return { actorType: "nhi", identityKind: "workload_identity" };
  if (a.type === "AWSService") return { actorType: "nhi", identityKind: "service_account" };
  return { actorType: "nhi" };
}

/** "s3.amazonaws.com" → "s3" (the IAM action prefix for nearly every service). */
export function servicePrefix(eventSource: string | undefined): string | undefined {
  if (!eventSource) return undefined;
  return eventSource.endsWith(".amazonaws.com") ? eventSource.slice(0, -".amazonaws.com".length) : eventSource.split(".")[0];
}

/** What CloudTrail and OCSF both say about an AWS principal (OCSF: user.uuid, user.uid, session.issuer). */
export type AwsPrincipalFields = { type?: string; arn?: string; principalId?: string; issuerArn?: string; invokedBy?: string; accountId?: string };

const ASSUMED_ROLE_ARN = /^arn:([\w-]+):sts::(\d+):assumed-role\/([^/]+)\/(.+)$/;

/**
 * The acting principal, the samples README's "distinct principals" (`userIdentity.arn`, else
 * `type:principalId|invokedBy|accountId`) with two documented differences:
 * - an assumed-role session is its **role** (the session issuer's ARN, e.g.
 *   `arn:aws:iam::123:role/path/deployer`), not a new principal per session ARN: the session name
 *   goes to the event's session id. Without the issuer, the role ARN is rebuilt from the session
 *   ARN (no path; an imported role answers to that form as an alias);
 * - `AwsServiceEvent` records carry no `type` (only accountId + invokedBy): they are the AWS
 *   service acting, so the type defaults to AWSService instead of an empty string.
 * OCSF records go through the same function, so one principal is one identity whichever way it arrives.
 */
export function awsPrincipalRef(p: AwsPrincipalFields): string | undefined {
  if (p.type === "AssumedRole" || ASSUMED_ROLE_ARN.test(p.arn ?? "")) {
    if (p.issuerArn) return p.issuerArn;
    const m = ASSUMED_ROLE_ARN.exec(p.arn ?? "");
    if (m) return `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`;
  }
  if (p.arn) return p.arn;
  const type = p.type ?? (p.invokedBy ? "AWSService" : undefined);
  const id = p.principalId ?? p.invokedBy ?? p.accountId;
  return type || id ? `${type ?? ""}:${id ?? ""}` : undefined;
}

/** An assumed-role session's name: the part of principalId (ROLEID:name) or of the session ARN after the role. */
export function awsSessionName(p: AwsPrincipalFields): string | undefined {
  return p.principalId?.split(":")[1] ?? ASSUMED_ROLE_ARN.exec(p.arn ?? "")?.[4];
}

export function awsPrincipal(ui: Json): string | undefined {
  return awsPrincipalRef(cloudTrailPrincipal(ui));
}

function cloudTrailPrincipal(ui: Json): AwsPrincipalFields {
  return {
    type: str(ui.type), arn: str(ui.arn), principalId: str(ui.principalId), issuerArn: str(get(ui, "sessionContext", "sessionIssuer", "arn")),
    invokedBy: str(ui.invokedBy), accountId: str(ui.accountId),
  };
}

const DENIED = /AccessDenied|UnauthorizedOperation/;

function decisionOf(r: Json): "allow" | "deny" | "error" {
  const code = str(r.errorCode);
  if (get(r, "responseElements", "ConsoleLogin") === "Failure" || (code && DENIED.test(code))) return "deny";
  return code ? "error" : "allow";
}

/** Sign-in events record their outcome under responseElements[eventName] ("Success"/"Failure"). */
function authResultOf(r: Json): "success" | "failure" | undefined {
  if (r.eventType !== "AwsConsoleSignIn") return undefined;
  const outcome = get(r, "responseElements", String(r.eventName));
  return outcome === "Success" ? "success" : outcome === "Failure" ? "failure" : undefined;
}

const RESOURCE_PARAMS = ["roleArn", "policyArn", "secretId", "roleName", "userName", "groupName", "functionName", "name", "trailName", "instanceId", "keyId"];

/** First resources[].ARN, else a best effort from well-known request parameters. */
function resourceOf(r: Json): string | undefined {
  if (Array.isArray(r.resources)) {
    for (const res of r.resources) {
      const arn = str(asObject(res)?.ARN);
      if (arn) return clean(arn, 2048);
    }
  }
  const params = asObject(r.requestParameters);
  if (!params) return undefined;
  const bucket = str(params.bucketName);
  if (bucket) return clean(`arn:aws:s3:::${bucket}${str(params.key) ? `/${str(params.key)}` : ""}`, 2048);
  for (const key of RESOURCE_PARAMS) {
    const v = str(params[key]);
    if (v) return clean(v, 2048);
  }
  const instance = str(get(params, "instancesSet", "items", "0", "instanceId"));
  return instance ? clean(instance, 2048) : undefined;
}

/**
 * Accounts a request grants access to (snapshot / image launch permissions, RDS snapshot restore
 * attributes) other than the account it was made in, "all" meaning public: what the high-risk
 * detector needs to call a change "shared outside the account", without storing request bodies.
 */
export function sharedWith(r: Json): string[] | undefined {
  const params = asObject(r.requestParameters);
  if (!params) return undefined;
  const own = str(r.recipientAccountId) ?? str(get(r, "userIdentity", "accountId"));
  const out = new Set<string>();
  const take = (v: unknown) => {
    const s = str(v);
    if (s && s !== own && (/^\d{12}$/.test(s) || s === "all")) out.add(s);
  };
  for (const key of ["createVolumePermission", "launchPermission"]) {
    const items = get(params, key, "add", "items");
    if (Array.isArray(items)) for (const it of items) { take(asObject(it)?.userId); take(asObject(it)?.group); }
  }
  const values = params.valuesToAdd;
  if (Array.isArray(values)) values.forEach(take);
  return out.size ? [...out] : undefined;
}

function isCloudTrail(record: unknown): boolean {
  const r = asObject(record);
  return !!r && typeof r.eventSource === "string" && (typeof r.eventVersion === "string" || asObject(r.userIdentity) !== undefined);
}

function adapt(record: unknown): Json {
  const r = asObject(record) ?? {};
  const ui = asObject(r.userIdentity) ?? {};
  const eventName = str(r.eventName);
  const service = servicePrefix(str(r.eventSource));
  const action = service && eventName ? `${service}:${eventName}` : eventName;
  const accessKeyId = str(ui.accessKeyId);
  const userAgent = str(r.userAgent);
  const issuerArn = str(get(ui, "sessionContext", "sessionIssuer", "arn"));
  const actor = classifyAwsActor({
    type: str(ui.type) ?? (str(ui.invokedBy) ? "AWSService" : undefined),
    accessKeyId,
    consoleSession: String(r.sessionCredentialFromConsole) === "true",
    consoleSignIn: r.eventType === "AwsConsoleSignIn" || eventName === "ConsoleLogin",
    ssoRole: issuerArn?.includes("AWSReservedSSO") === true || str(ui.arn)?.includes("AWSReservedSSO") === true,
  });
  // An assumed role's session is named by its session name (the identity is the role); other
  // temporary credentials (an IAM user's ASIA key from GetSessionToken) by their key.
  const sessionId = ui.type === "AssumedRole" ? awsSessionName(cloudTrailPrincipal(ui)) : accessKeyId?.startsWith("ASIA") ? accessKeyId : undefined;
  return {
    eventId: str(r.eventID),
    source: "cloudtrail",
    occurredAt: str(r.eventTime) ?? str(r["@timestamp"]), // Logstash copies replace eventTime
    identity: awsPrincipal(ui),
    actorType: actor.actorType,
    identityKind: actor.identityKind,
    identityName: clean(ui.userName ?? get(ui, "sessionContext", "sessionIssuer", "userName") ?? ui.invokedBy, 256),
    provider: "aws",
    credentialRef: accessKeyId,
    action,
    resource: resourceOf(r),
    scope: action,
    decision: decisionOf(r),
    authResult: authResultOf(r),
    reason: clean(r.errorMessage ?? r.errorCode, 2048),
    sourceIp: clean(r.sourceIPAddress, 128),
    userAgent: clean(userAgent, 1024),
    sessionId,
    context: {
      region: str(r.awsRegion),
      accountId: str(r.recipientAccountId) ?? str(ui.accountId),
      eventType: str(r.eventType),
      readOnly: r.readOnly,
      requestId: str(r.requestID),
      errorCode: str(r.errorCode),
      invokedBy: str(ui.invokedBy),
      sharedWith: sharedWith(r),
    },
  };
}

export const cloudtrail: Adapter = { name: "cloudtrail", detect: isCloudTrail, adapt };
