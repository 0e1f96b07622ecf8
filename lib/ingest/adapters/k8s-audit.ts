// Kubernetes API-server audit events (audit.k8s.io/v1 and v1beta1, and the bare objects some tools
// write without apiVersion), also when wrapped by AKS diagnostic logs (`properties.log`, object or
// JSON string) or delivered by GKE as a Cloud Audit LogEntry (`protoPayload`, serviceName k8s.io).
//
// Counting policy: one event per request. The API server may log a request at several stages
// (RequestReceived, ResponseStarted for long-running requests, then ResponseComplete or Panic);
// only the final stage says whether it was allowed, so RequestReceived and ResponseStarted records
// are skipped (reported in the response's `skipped`, never stored): a request that was then denied
// never counts as a use of its scope. A record without a stage (GKE, some exporters) is final. The
// stage stays in the eventId (`<auditID>:<stage>`), as before, so re-ingesting old logs repeats
// nothing.
import { asObject, clean, get, httpStatus, skip, str, type Adapter, type Json } from "./types";

/** Stages that come before the request's outcome is known. */
const INTERIM_STAGES = new Set(["RequestReceived", "ResponseStarted"]);

const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

export interface K8sActor {
  actorType: "nhi" | "human";
  identityKind?: "service_account" | "user";
  namespace?: string;
  name?: string;
}

/**
 * - `system:serviceaccount:<ns>:<name>` → service account (origin: its namespace);
 * - other `system:*` users are machines: nodes, kube-* components, the API server, cloud health
 *   checkers, and `system:anonymous` (unauthenticated calls cannot be tied to a person; counting
 *   them as non-human keeps anonymous access visible in the NHI inventory) — except
 *   `system:admin`, the admin certificate people use (audit2rbac's operator);
 * - managed-cluster service users (`aksService`, `eks:*`) and GCP service accounts are machines;
 * - anyone else is a person.
 */
export function classifyK8sUser(username: string): K8sActor {
  const sa = SERVICE_ACCOUNT.exec(username);
  if (sa) return { actorType: "nhi", identityKind: "service_account", namespace: sa[1], name: sa[2] };
  if (username === "system:admin") return { actorType: "human", identityKind: "user" };
  if (username.startsWith("system:") || username.startsWith("eks:") || username === "aksService") return { actorType: "nhi" };
  if (username.endsWith(".gserviceaccount.com")) return { actorType: "nhi", identityKind: "service_account" };
  return { actorType: "human", identityKind: "user" };
}

const HTTP_METHODS: Record<string, string> = {
  get: "GET", list: "GET", watch: "GET", create: "POST", update: "PUT", patch: "PATCH", delete: "DELETE", deletecollection: "DELETE",
};
// gRPC status (GKE LogEntry) → HTTP status.
const GRPC_TO_HTTP: Record<number, number> = { 0: 200, 3: 400, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 13: 500, 14: 503, 16: 401 };

function isNative(r: Json | undefined): boolean {
  if (!r) return false;
  if (r.kind === "Event" && typeof r.apiVersion === "string" && r.apiVersion.startsWith("audit.k8s.io")) return true;
  return typeof r.auditID === "string" && typeof r.verb === "string" && asObject(r.user) !== undefined;
}

/** A GKE Cloud Audit LogEntry for k8s.io, reshaped as a native audit event. */
function fromGke(r: Json): Json {
  const p = asObject(r.protoPayload) ?? {};
  const parts = (str(p.methodName) ?? "").split("."); // io.k8s.core.v1.pods.list | io.k8s.get
  const resourceName = str(p.resourceName) ?? ""; // core/v1/namespaces/ns/pods/name | readyz
  const segments = resourceName.split("/");
  const resource = parts.length > 4 ? parts[parts.length - 2] : undefined;
  const at = resource ? segments.lastIndexOf(resource) : -1;
  const code = get(p, "status", "code");
  return {
    auditID: str(get(r, "operation", "id")) ?? str(r.insertId),
    verb: parts[parts.length - 1],
    user: { username: str(get(p, "authenticationInfo", "principalEmail")) },
    sourceIPs: [get(p, "requestMetadata", "callerIp")],
    userAgent: get(p, "requestMetadata", "callerSuppliedUserAgent"),
    requestURI: resourceName ? `/${resourceName}` : undefined,
    objectRef: resource
      ? { resource, namespace: /namespaces\/([^/]+)/.exec(resourceName)?.[1], name: at >= 0 ? segments[at + 1] : undefined }
      : undefined,
    responseStatus: { code: typeof code === "number" ? (GRPC_TO_HTTP[code] ?? 500) : undefined, message: get(p, "status", "message") },
    stageTimestamp: r.timestamp,
    annotations: asObject(r.labels),
  };
}

interface Unwrapped {
  event: Json;
  wrapper?: "aks" | "gke";
  cluster?: string;
}

function unwrap(record: unknown): Unwrapped | undefined {
  const r = asObject(record);
  if (!r) return undefined;
  if (isNative(r)) return { event: r };
  const log = get(r, "properties", "log");
  const cluster = str(r.resourceId)?.split("/").pop();
  if (typeof log === "string" && log.includes('"auditID"')) {
    try {
      const parsed = asObject(JSON.parse(log));
      if (parsed && isNative(parsed)) return { event: parsed, wrapper: "aks", cluster };
    } catch {
      return undefined; // not an audit event after all: validation of the wrapper will say so
    }
  }
  const nested = asObject(log);
  if (nested && isNative(nested)) return { event: nested, wrapper: "aks", cluster };
  if (get(r, "protoPayload", "serviceName") === "k8s.io") {
    return { event: fromGke(r), wrapper: "gke", cluster: str(get(r, "resource", "labels", "cluster_name")) };
  }
  return undefined;
}

function resourcePath(ref: Json | undefined): string | undefined {
  const resource = str(ref?.resource);
  if (!ref || !resource) return undefined;
  const ns = str(ref.namespace);
  const tail = [resource, str(ref.name), str(ref.subresource)].filter(Boolean).join("/");
  return clean(ns ? `/namespaces/${ns}/${tail}` : `/${tail}`, 2048);
}

function adaptEvent({ event: e, wrapper, cluster }: Unwrapped): Json {
  const username = str(get(e, "user", "username"));
  const impersonated = str(get(e, "impersonatedUser", "username"));
  const identity = impersonated ?? username; // the impersonated user is who acts
  const actor: K8sActor = identity ? classifyK8sUser(identity) : { actorType: "nhi" };
  const verb = str(e.verb);
  const ref = asObject(e.objectRef);
  const uri = str(e.requestURI);
  const kind = str(ref?.resource) ? [str(ref?.resource), str(ref?.subresource)].filter(Boolean).join("/") : uri?.split("?")[0];
  const code = httpStatus(get(e, "responseStatus", "code"));
  const annotations = asObject(e.annotations);
  const stage = str(e.stage);
  const auditId = str(e.auditID);
  const denied = code === 401 || code === 403 || annotations?.["authorization.k8s.io/decision"] === "forbid";
  const failed = stage === "Panic" || (code !== undefined && code >= 500);
  return {
    eventId: auditId && stage ? `${auditId}:${stage}` : auditId,
    source: "k8s-audit",
    occurredAt: str(e.stageTimestamp) ?? str(e.requestReceivedTimestamp) ?? str(e.timestamp),
    identity,
    actorType: actor.actorType,
    identityKind: actor.identityKind,
    identityName: actor.name,
    provider: "kubernetes",
    action: clean(verb && kind ? `${verb} ${kind}` : verb, 256),
    resource: resourcePath(ref) ?? clean(uri?.split("?")[0], 2048),
    scope: verb && kind ? clean(`k8s:${verb}:${kind}`, 256) : undefined,
    decision: denied ? "deny" : failed ? "error" : "allow",
    authResult: code === 401 ? "failure" : undefined,
    reason: clean(get(e, "responseStatus", "message") ?? str(annotations?.["authorization.k8s.io/reason"]), 2048),
    sourceIp: clean(get(e, "sourceIPs", "0"), 128),
    userAgent: clean(e.userAgent, 1024),
    origin: actor.namespace ? clean(cluster ? `${cluster}/${actor.namespace}` : actor.namespace, 256) : undefined,
    method: verb ? HTTP_METHODS[verb] : undefined,
    path: clean(uri, 2048),
    status: code,
    context: {
      stage,
      level: str(e.level),
      namespace: str(ref?.namespace),
      apiGroup: str(ref?.apiGroup),
      impersonatedBy: impersonated ? username : undefined,
      cluster,
      wrapper,
    },
  };
}

export const k8sAudit: Adapter = {
  name: "k8s-audit",
  detect: (record) => unwrap(record) !== undefined,
  adapt: (record) => {
    // Unrecognised records are adapted as they are; validation then names what is missing.
    const unwrapped = unwrap(record) ?? { event: asObject(record) ?? {} };
    const stage = str(unwrapped.event.stage);
    if (stage && INTERIM_STAGES.has(stage)) return skip(`${stage} stage: the request is counted once, at its final stage`);
    return adaptEvent(unwrapped);
  },
};
