// OCSF events (JSON, or Parquet rows as Security Lake writes them): API Activity (6003, and 3005
// in 1.0.0-rc.2), Authentication (3002), Authorize Session (3003), Account Change (3001) and any
// other class with an actor. Parquet rows may carry BigInt numbers, Date timestamps and legacy
// `{ array: [...] }` lists: they are normalised here as well as in decode.
import { createHash } from "node:crypto";
import { awsPrincipalRef, awsSessionName, classifyAwsActor, servicePrefix, type AwsActor, type AwsPrincipalFields } from "./cloudtrail";
import { classifyK8sUser } from "./k8s-audit";
import { asObject, clean, get, httpStatus, str, type Adapter, type Json } from "./types";

const AUTH_CLASSES = new Set([3002, 3003]); // Authentication, Authorize Session
const DENIAL_TEXT = /denied|unauthori[sz]ed|forbidden|not authori[sz]ed|permission/i;
const AWS_USER_TYPES = new Set(["IAMUser", "Root", "AssumedRole", "AWSService", "AWSAccount", "FederatedUser", "WebIdentityUser", "SAMLUser"]);
const STATUS_FAILURE = 2;

function num(v: unknown): number | undefined {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return v;
  return typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined;
}

/** Arrays, also when a Parquet reader left them wrapped as { array: [...] } / { list: [...] }. */
function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  const values = Object.values(asObject(v) ?? {});
  return values.length === 1 && Array.isArray(values[0]) ? values[0] : [];
}

/** OCSF `time` is epoch milliseconds; strings may be epoch digits or ISO-8601 already. */
function isoTime(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  const ms = num(v);
  if (ms === undefined) return str(v);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(v) : date.toISOString();
}

/** JSON with sorted keys (BigInt as digits): the same record always hashes the same. */
function stableJson(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  const o = asObject(v);
  if (!o) return JSON.stringify(v) ?? "null";
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(",")}}`;
}

/**
 * metadata.uid when the producer set one. Otherwise a SHA-256 of the record's canonical JSON:
 * deterministic, so re-ingesting the same file is idempotent (a random id would duplicate every
 * event), at the cost of treating two byte-identical records as one event.
 */
function eventIdOf(r: Json): string {
  return str(get(r, "metadata", "uid")) ?? `sha256:${createHash("sha256").update(stableJson(r)).digest("hex")}`;
}

function actorOf(r: Json, user: Json, operation: string | undefined): AwsActor | ReturnType<typeof classifyK8sUser> {
  const type = str(user.type);
  const name = str(user.name);
  if (type && AWS_USER_TYPES.has(type)) {
    const ids = [user.uid, user.uuid, get(r, "actor", "session", "issuer")].map(str).join(" ");
    return classifyAwsActor({
      type,
      accessKeyId: str(user.credential_uid),
      consoleSession: false, // not mapped by OCSF 1.0/1.1
      consoleSignIn: operation === "ConsoleLogin" || get(r, "unmapped", "eventType") === "AwsConsoleSignIn",
      ssoRole: ids.includes("AWSReservedSSO"),
    });
  }
  if (name && (name.startsWith("system:") || String(get(r, "metadata", "product", "version")).startsWith("audit.k8s.io"))) {
    return classifyK8sUser(name);
  }
  const typeId = num(user.type_id); // OCSF user type: 1 User, 2 Admin, 3 System
  return typeId === 1 || typeId === 2 ? { actorType: "human", identityKind: "user" } : { actorType: "nhi" };
}

function decisionOf(r: Json, classUid: number | undefined, code: number | undefined): "allow" | "deny" | "error" {
  if (num(r.status_id) !== STATUS_FAILURE) return "allow";
  const response = asObject(get(r, "api", "response")) ?? {};
  const text = [response.error, response.message, response.error_message, r.status_detail, r.status_code].map(str).join(" ");
  const denied = (classUid !== undefined && AUTH_CLASSES.has(classUid)) || code === 401 || code === 403 || DENIAL_TEXT.test(text);
  return denied ? "deny" : "error";
}

function scopeOf(r: Json, operation: string | undefined, service: string | undefined, resourceType: string | undefined) {
  if (!operation) return undefined;
  if (service?.endsWith(".amazonaws.com")) return `${servicePrefix(service)}:${operation}`;
  const k8s = String(get(r, "metadata", "product", "version")).startsWith("audit.k8s.io");
  return k8s && resourceType ? `k8s:${operation}:${resourceType}` : undefined;
}

/** An AWS actor's fields in OCSF terms (user.uuid is the ARN, user.uid the principal id), else undefined. */
function awsFields(r: Json, user: Json): AwsPrincipalFields | undefined {
  const type = str(user.type);
  if (!type || !AWS_USER_TYPES.has(type)) return undefined;
  return { type, arn: str(user.uuid), principalId: str(user.uid), issuerArn: str(get(r, "actor", "session", "issuer")), accountId: str(user.account_uid) };
}

function adapt(record: unknown): Json {
  const r = asObject(record) ?? {};
  const user = asObject(get(r, "actor", "user")) ?? {};
  const classUid = num(r.class_uid);
  const operation = str(get(r, "api", "operation")) ?? str(r.activity_name);
  const service = str(get(r, "api", "service", "name"));
  const first = asObject(list(r.resources)[0]);
  const target = asObject(r.user); // the account acted upon (3001/3002)
  const code = httpStatus(get(r, "api", "response", "code")) ?? httpStatus(get(r, "http_response", "code"));
  const actor = actorOf(r, user, operation);
  const statusId = num(r.status_id);
  const auth = classUid !== undefined && AUTH_CLASSES.has(classUid);
  const response = asObject(get(r, "api", "response")) ?? {};
  const aws = awsFields(r, user);
  return {
    eventId: eventIdOf(r),
    source: "ocsf",
    occurredAt: isoTime(r.time) ?? isoTime(r.time_dt),
    // The same principal as its CloudTrail record names (cloudtrail.ts), so the two are one identity.
    identity: (aws && awsPrincipalRef(aws)) ?? str(user.uid) ?? str(user.name) ?? str(user.credential_uid),
    actorType: actor.actorType,
    identityKind: actor.identityKind,
    identityName: clean(user.name ?? (aws?.type === "AssumedRole" ? aws.issuerArn?.split("/").pop() : undefined), 256),
    provider: str(get(r, "cloud", "provider"))?.toLowerCase(),
    credentialRef: str(user.credential_uid) ?? str(get(r, "actor", "session", "credential_uid")),
    action: clean(operation, 256),
    resource: clean(str(first?.uid) ?? str(first?.name) ?? str(target?.uuid) ?? str(target?.uid) ?? str(target?.name) ?? service, 2048),
    scope: clean(scopeOf(r, operation, service, str(first?.type)), 256),
    decision: decisionOf(r, classUid, code),
    authResult: auth && statusId === 1 ? "success" : auth && statusId === STATUS_FAILURE ? "failure" : undefined,
    reason: clean(response.error_message ?? response.message ?? r.status_detail ?? response.error, 2048),
    sourceIp: clean(get(r, "src_endpoint", "ip"), 128),
    userAgent: clean(get(r, "http_request", "user_agent"), 1024),
    method: clean(get(r, "http_request", "http_method"), 16),
    path: clean(get(r, "http_request", "url", "path"), 2048),
    status: code,
    sessionId: clean((aws?.type === "AssumedRole" ? awsSessionName(aws) : undefined) ?? get(r, "actor", "session", "uid"), 256),
    context: {
      classUid,
      className: str(r.class_name),
      activity: str(r.activity_name),
      product: str(get(r, "metadata", "product", "name")),
      ocsfVersion: str(get(r, "metadata", "version")),
      region: str(get(r, "cloud", "region")),
      accountUid: str(user.account_uid),
      actorArn: str(user.uuid),
    },
  };
}

export const ocsf: Adapter = {
  name: "ocsf",
  detect: (record) => num(asObject(record)?.class_uid) !== undefined,
  adapt,
};
