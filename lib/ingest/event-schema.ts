import { z } from "zod";

/**
 * The canonical audit event: the one shape every producer and adapter output is validated against
 * (see DESIGN.md, "Canonical audit event"). One `safeParse` per event, no re-serialisation except a
 * single JSON.stringify of `context` to bound its size.
 */

export const ACTOR_TYPES = ["nhi", "human"] as const;
export const IDENTITY_KINDS = [
  "service_account",
  "api_key",
  "oauth_app",
  "workload_identity",
  "ci_token",
  "bot",
  "ai_agent",
  "user",
] as const;
export const DECISIONS = ["allow", "deny", "error"] as const;
export const AUTH_RESULTS = ["success", "failure"] as const;
export const MAX_CONTEXT_BYTES = 16_384;

const MIN_OCCURRED_AT = Date.UTC(2000, 0, 1);
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
const MAX_PREVIEW = 80; // characters of an offending value quoted in a reason (well under 200)

// Linear regexes only (no nested quantifiers): they run once per field per event.
const NO_CONTROL_CHARS = /^[^\x00-\x1f\x7f]*$/;
const CONTROL_CHAR = /[\x00-\x1f\x7f]/;
const NOT_BLANK = /\S/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const CONTROL_MESSAGE = "must not contain control characters (U+0000–U+001F, U+007F)";

/** A short, escaped rendering of a value for error messages (never more than ~80 characters). */
export function preview(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const cut = value.length > MAX_PREVIEW ? `${value.slice(0, MAX_PREVIEW)}…` : value;
    const suffix = value.length > MAX_PREVIEW ? ` (${value.length} characters)` : "";
    return `${JSON.stringify(cut)}${suffix}`;
  }
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  if (typeof value === "bigint") return `bigint ${String(value).slice(0, MAX_PREVIEW)}`;
  if (value instanceof Date) return `date ${Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()}`;
  return Array.isArray(value) ? "an array" : `a${typeof value === "object" ? "n object" : ` ${typeof value}`}`;
}

function text(max: number) {
  return z.string().max(max).regex(NO_CONTROL_CHARS, { error: CONTROL_MESSAGE });
}

function requiredText(max: number) {
  return text(max).min(1).regex(NOT_BLANK, { error: "must not be blank" });
}

// Producers often write null or "" for "absent": both are treated as the field being omitted.
function optionalText(max: number) {
  return text(max)
    .nullable()
    .transform((v) => v || undefined)
    .optional();
}

// The enum branch comes first: a union stops at the first branch that accepts the value.
function optionalEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .union([z.enum(values), z.literal(""), z.null()])
    .transform((v) => (v === "" || v === null ? undefined : (v as T[number])))
    .optional();
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Strict ISO-8601/RFC 3339 date-time with a timezone; Date.parse is too lenient (accepts 2023-02-30). */
export function parseIsoDateTime(input: string): Date | null {
  if (input.length > 40) return null;
  const m = ISO_DATE_TIME.exec(input);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] ? Number(m[6]) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  let offsetMinutes = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = m[11] ? Number(m[11]) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return new Date(utc);
}

const OccurredAt = z
  .custom<string | Date>((v) => typeof v === "string" || v instanceof Date, {
    error: "must be an ISO-8601 date-time string with a timezone",
  })
  .transform((value, ctx) => {
    const date = typeof value === "string" ? parseIsoDateTime(value) : value;
    const time = date ? date.getTime() : Number.NaN;
    let message: string | undefined;
    if (!date || Number.isNaN(time)) {
      message = `must be an ISO-8601 date-time with a timezone, got ${preview(value)}`;
    } else if (time < MIN_OCCURRED_AT) {
      message = `must not be before 2000-01-01T00:00:00Z, got ${preview(value)}`;
    } else if (time > Date.now() + MAX_FUTURE_MS) {
      message = `must not be more than 1 day in the future, got ${preview(value)}`;
    }
    if (message || !date) {
      ctx.issues.push({ code: "custom", message: message ?? "invalid date", input: value });
      return z.NEVER;
    }
    return date;
  });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** UTF-8 size of the JSON text of `v`, or null when it is not serialisable (cycles, BigInt). */
export function jsonByteLength(v: unknown): number | null {
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    return null;
  }
  if (json === undefined) return null;
  // UTF-8 needs 1..3 bytes per UTF-16 unit: skip the exact count when the bound already decides.
  if (json.length * 3 <= MAX_CONTEXT_BYTES || json.length > MAX_CONTEXT_BYTES) {
    return json.length * 3 <= MAX_CONTEXT_BYTES ? json.length : Buffer.byteLength(json);
  }
  return Buffer.byteLength(json);
}

const Context = z
  .custom<Record<string, unknown>>(isPlainObject, { error: "must be a JSON object" })
  .superRefine((value, ctx) => {
    const bytes = jsonByteLength(value);
    if (bytes === null) ctx.addIssue({ code: "custom", message: "must be JSON-serialisable" });
    else if (bytes > MAX_CONTEXT_BYTES) {
      ctx.addIssue({
        code: "custom",
        message: `must serialise to at most ${MAX_CONTEXT_BYTES} bytes of JSON, got ${bytes} bytes`,
      });
    }
  });

export const CanonicalEvent = z.strictObject({
  eventId: requiredText(256),
  source: optionalText(128),
  occurredAt: OccurredAt,
  identity: requiredText(512),
  actorType: z.enum(ACTOR_TYPES).default("nhi"),
  identityKind: optionalEnum(IDENTITY_KINDS),
  identityName: optionalText(256),
  provider: optionalText(64),
  credentialRef: optionalText(512),
  action: requiredText(256),
  resource: optionalText(2048),
  scope: optionalText(256),
  decision: z.enum(DECISIONS),
  authResult: optionalEnum(AUTH_RESULTS),
  reason: optionalText(2048),
  policyId: optionalText(256),
  sourceIp: optionalText(128),
  userAgent: optionalText(1024),
  origin: optionalText(256),
  environment: optionalText(32),
  method: optionalText(16),
  path: optionalText(2048),
  status: z.number().int().min(100).max(599).nullable().transform((v) => v ?? undefined).optional(),
  sessionId: optionalText(256),
  traceId: optionalText(256),
  parentEventId: optionalText(256),
  context: Context.nullable()
    .transform((v) => v ?? undefined)
    .optional(),
});
export type CanonicalEvent = z.infer<typeof CanonicalEvent>;
export type CanonicalEventInput = z.input<typeof CanonicalEvent>;

export const EventSource = requiredText(128);

export interface ValidEvent {
  index: number;
  event: CanonicalEvent;
}
export interface RejectedRecord {
  index: number;
  field: string;
  reason: string;
}
export interface ValidationResult {
  valid: ValidEvent[];
  rejected: RejectedRecord[];
}

/**
 * Validate a batch. Each record gets exactly one `safeParse`; a rejection names the first failing
 * field and a human sentence. `defaults.source` fills `source` where the record has none.
 */
export function validateEvents(records: unknown[], defaults: { source?: string } = {}): ValidationResult {
  const source = defaults.source === undefined ? undefined : parseDefaultSource(defaults.source);
  const valid: ValidEvent[] = [];
  const rejected: RejectedRecord[] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    const result = CanonicalEvent.safeParse(record);
    if (result.success) {
      const event = result.data;
      if (event.source === undefined && source !== undefined) event.source = source;
      valid.push({ index, event });
    } else {
      rejected.push({ index, ...describeIssue(result.error.issues, record) });
    }
  }
  return { valid, rejected };
}

function parseDefaultSource(source: string): string {
  const parsed = EventSource.safeParse(source);
  if (!parsed.success) throw new TypeError(`default source ${preview(source)} is invalid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = record;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

type Issue = z.core.$ZodIssue;

/** Turn zod's first issue into { field, reason } with a sentence a producer can act on. */
export function describeIssue(issues: readonly Issue[], record: unknown): { field: string; reason: string } {
  const issue = issues[0];
  if (!issue) return { field: "(root)", reason: "is invalid" };
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    return { field: key.slice(0, 200), reason: `is not a canonical event field (unknown field ${preview(key)})` };
  }
  const field = issue.path.length ? issue.path.map(String).join(".") : "(root)";
  const value = valueAt(record, issue.path);
  return { field, reason: reasonFor(issue, value, issues) };
}

function reasonFor(issue: Issue, value: unknown, issues: readonly Issue[]): string {
  if (issue.path.length === 0) return `record must be a JSON object, got ${preview(value)}`;
  if (value === undefined) {
    const unknown = issues.find((i) => i.code === "unrecognized_keys");
    const hint = unknown?.code === "unrecognized_keys" ? ` (unknown field ${preview(unknown.keys[0])} was sent: a typo?)` : "";
    return `is required${hint}`;
  }
  switch (issue.code) {
    case "invalid_type":
      return `must be ${issue.expected === "int" ? "an integer" : `a ${issue.expected}`}, got ${preview(value)}`;
    case "too_big":
      return typeof value === "string"
        ? `must be at most ${String(issue.maximum)} characters, got ${value.length}`
        : `must be at most ${String(issue.maximum)}, got ${preview(value)}`;
    case "too_small":
      return typeof value === "string" ? "must not be empty" : `must be at least ${String(issue.minimum)}, got ${preview(value)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}; got ${preview(value)}`;
    case "invalid_union":
      return unionReason(issue, value);
    case "invalid_format":
      return formatReason(issue.message, value);
    default:
      return issue.message;
  }
}

// Optional enums are unions of T | "" | null: report the T branch, which is the informative one.
function unionReason(issue: Extract<Issue, { code: "invalid_union" }>, value: unknown): string {
  const first = issue.errors[0]?.[0];
  if (!first) return `is invalid, got ${preview(value)}`;
  return reasonFor({ ...first, path: issue.path } as Issue, value, []);
}

function formatReason(message: string, value: unknown): string {
  if (message !== CONTROL_MESSAGE || typeof value !== "string") return message;
  const at = value.search(CONTROL_CHAR);
  const code = value.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
  return `${message}: found U+${code} at character ${at + 1}`;
}
