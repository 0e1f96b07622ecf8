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

// Single-character-class regexes only: linear, no backtracking.
const CONTROL_CHAR = /[\x00-\x1f\x7f]/;
const CONTROL_CHARS = /[\x00-\x1f\x7f]/g;
const NOT_BLANK = /\S/;

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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : DAYS_IN_MONTH[month - 1];
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Strict ISO-8601/RFC 3339 date-time with a timezone (`2024-05-01T10:00:00.123456Z`,
 * `…+02:00`, `…+0200`; seconds and fraction optional). Hand-written because Date.parse is lenient
 * (accepts 2023-02-30, no timezone) and a regex costs ~1 µs per event.
 */
export function parseIsoDateTime(s: string): Date | null {
  if (s.length < 17 || s.length > 40) return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const t = s[10];
  if (s[4] !== "-" || s[7] !== "-" || (t !== "T" && t !== "t") || s[13] !== ":") return null;
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (s[i] === ":") {
    second = digits(s, i + 1, 2);
    if (second < 0 || second > 59) return null;
    i += 3;
    if (s[i] === ".") {
      const start = ++i;
      while (i < s.length && i - start < 9 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      if (i === start) return null;
      millis = digits(s.slice(start, start + 3).padEnd(3, "0"), 0, 3);
    }
  }
  const offset = parseOffset(s, i);
  if (offset === null) return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000);
}

/** Minutes east of UTC for `Z`, `±HH`, `±HHMM` or `±HH:MM` filling s[i..], else null. */
function parseOffset(s: string, i: number): number | null {
  const c = s[i];
  if (c === "Z" || c === "z") return i + 1 === s.length ? 0 : null;
  if (c !== "+" && c !== "-") return null;
  const rest = s.length - i - 1;
  const colon = s[i + 3] === ":" ? 1 : 0;
  if (rest !== 2 && rest !== 4 + colon) return null;
  const oh = digits(s, i + 1, 2);
  const om = rest === 2 ? 0 : digits(s, i + 3 + colon, 2);
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
  return (c === "-" ? -1 : 1) * (oh * 60 + om);
}

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
  return json.length * 3 <= MAX_CONTEXT_BYTES ? json.length : Buffer.byteLength(json);
}

/*
 * Performance: a zod object schema costs ~10 µs per event here (one parse payload and one check
 * closure per field; `.max()` on every string halves throughput), far too much for 50k events/s.
 * So the single zod `safeParse` per event runs one table-driven pass: unknown keys, JSON types,
 * lengths, control characters, enums, the date and the context size, stopping at the first failing
 * field (all a rejection reports). ~3 µs per event.
 */
type Rule = { doc?: string; required?: boolean } & (
  | { kind: "text"; max: number }
  | { kind: "enum"; values: ReadonlySet<string>; fallback?: string }
  | { kind: "status" | "date" | "context" }
);

const text = (max: number, doc: string) => ({ kind: "text" as const, max, doc });
const requiredText = (max: number, doc?: string) => ({ kind: "text" as const, max, doc, required: true as const });
const oneOf = <const T extends readonly string[]>(values: T, doc: string) => ({ kind: "enum" as const, values: new Set<T[number]>(values), doc });

// Canonical field order (also the order of CANONICAL_FIELDS).
const RULES = {
  eventId: requiredText(256, "producer's unique id; (source, eventId) is the idempotency key"),
  source: text(128, "producer / source system (defaults to the adapter or `canonical`)"),
  occurredAt: { kind: "date" as const, required: true as const, doc: "event time: ISO-8601 with Z or an offset, not before 2000, at most 1 day ahead" },
  identity: requiredText(512, "external id, ARN or name of the acting identity"),
  actorType: { ...oneOf(ACTOR_TYPES, "nhi (default) or human"), fallback: "nhi" as const },
  identityKind: oneOf(IDENTITY_KINDS, "kind of non-human identity, or user"),
  identityName: text(256, "display name"),
  provider: text(64, "aws, gcp, azure, kubernetes, github, …"),
  credentialRef: text(512, "key id or fingerprint of the credential used (never a secret)"),
  action: requiredText(256, "what was done, e.g. s3:GetObject or `list secrets`"),
  resource: text(2048, "target resource"),
  scope: text(256, "permission / scope used or requested"),
  decision: { ...oneOf(DECISIONS, "allow, deny or error"), required: true as const },
  authResult: oneOf(AUTH_RESULTS, "authentication outcome, kept apart from the decision"),
  reason: text(2048, "why denied / error message"),
  policyId: text(256, "policy that decided"),
  sourceIp: text(128, "client IP"),
  userAgent: text(1024, "client user agent"),
  origin: text(256, "workload origin: cluster, namespace or environment"),
  environment: text(32, "environment, e.g. prod"),
  method: text(16, "HTTP method"),
  path: text(2048, "HTTP path"),
  status: { kind: "status" as const, doc: "HTTP status" },
  sessionId: text(256, "session correlation id"),
  traceId: text(256, "trace correlation id"),
  parentEventId: text(256, "eventId of the causing event"),
  context: { kind: "context" as const, doc: `free JSON object (agent task, tool, approval, …), at most ${MAX_CONTEXT_BYTES} bytes serialised` },
} satisfies Record<string, Rule>;
type Rules = typeof RULES;
export const CANONICAL_FIELDS = Object.keys(RULES) as (keyof Rules)[];
const RULE_OF: Readonly<Record<string, Rule>> = RULES;
const REQUIRED = CANONICAL_FIELDS.filter((key) => (RULE_OF[key] as { required?: boolean }).required);

// The output type follows from the table: required (or defaulted) fields are always present.
type Output<R> = R extends { kind: "enum"; values: ReadonlySet<infer V> }
  ? V
  : R extends { kind: "date" }
    ? Date
    : R extends { kind: "status" }
      ? number
      : R extends { kind: "context" }
        ? Record<string, unknown>
        : string;
type Present = { [K in keyof Rules]: Rules[K] extends { required: true } | { fallback: string } ? K : never }[keyof Rules];
type EventShape = { [K in Present]: Output<Rules[K]> } & { [K in Exclude<keyof Rules, Present>]?: Output<Rules[K]> };
type EventData = { [K in keyof EventShape]: EventShape[K] };

/** Checks one present value; returns an error sentence, or undefined when the value is fine. */
function checkValue(rule: Rule, v: unknown): string | undefined {
  switch (rule.kind) {
    case "text":
      if (typeof v !== "string") return `must be a string, got ${preview(v)}`;
      if (v.length > rule.max) return `must be at most ${rule.max} characters, got ${v.length}`;
      if (CONTROL_CHAR.test(v)) return controlCharMessage(v);
      if (rule.required && !NOT_BLANK.test(v)) return v.length ? "must not be blank" : "must not be empty";
      return undefined;
    case "enum":
      if (typeof v === "string" && rule.values.has(v)) return undefined;
      return `must be one of ${[...rule.values].map((x) => JSON.stringify(x)).join(", ")}; got ${preview(v)}`;
    case "status":
      if (typeof v !== "number" || !Number.isInteger(v)) return `must be an integer, got ${preview(v)}`;
      return v < 100 || v > 599 ? `must be an HTTP status between 100 and 599, got ${preview(v)}` : undefined;
    case "context":
      return checkContext(v);
    case "date":
      return undefined; // parsed (once) by the caller, which needs the Date
  }
}

function checkContext(v: unknown): string | undefined {
  if (!isPlainObject(v)) return `must be a JSON object, got ${preview(v)}`;
  const bytes = jsonByteLength(v);
  if (bytes === null) return "must be JSON-serialisable";
  if (bytes > MAX_CONTEXT_BYTES) return `must serialise to at most ${MAX_CONTEXT_BYTES} bytes of JSON, got ${bytes} bytes`;
  return undefined;
}

function parseOccurredAt(v: unknown): Date | string {
  const date = typeof v === "string" ? parseIsoDateTime(v) : v instanceof Date ? v : null;
  const time = date ? date.getTime() : Number.NaN;
  if (!date || Number.isNaN(time)) return `must be an ISO-8601 date-time with a timezone, got ${preview(v)}`;
  if (time < MIN_OCCURRED_AT) return `must not be before 2000-01-01T00:00:00Z, got ${preview(v)}`;
  if (time > Date.now() + MAX_FUTURE_MS) return `must not be more than 1 day in the future, got ${preview(v)}`;
  return date;
}

// Optional fields: null and "" mean "absent" (producers often write them for missing values).
function isAbsent(v: unknown, rule: Rule): boolean {
  return v === undefined || v === null || (v === "" && !rule.required);
}

/**
 * The first problem in `input` as [field, sentence], or the parsed occurredAt when there is none.
 * Walks the keys the record has (usually ~10 of 27), so unknown keys are found in the same pass;
 * "first" means first in the record's own key order.
 */
function firstProblem(input: Record<string, unknown>): [string, string] | Date {
  let occurredAt: Date | undefined;
  for (const key in input) {
    const rule = Object.hasOwn(RULE_OF, key) ? RULE_OF[key] : undefined;
    if (rule === undefined) {
      return [key, `is not a canonical event field${suggestion(key) || "; unknown fields are rejected so typos surface"}`];
    }
    const v = input[key];
    if (isAbsent(v, rule)) continue; // required-but-absent is reported below
    if (rule.kind === "date") {
      const date = parseOccurredAt(v);
      if (typeof date === "string") return [key, date];
      occurredAt = date;
    } else {
      const error = checkValue(rule, v);
      if (error !== undefined) return [key, error];
    }
  }
  for (const key of REQUIRED) {
    if (isAbsent(input[key], RULE_OF[key])) return [key, "is required"];
  }
  return occurredAt as Date;
}

/**
 * The record itself, normalised in place: null/"" made undefined, occurredAt the parsed Date.
 * Records are the decoder's (or an adapter's) own fresh objects, and copying each one was a
 * fifth of validation time at ingest rates.
 */
function build(input: Record<string, unknown>, occurredAt: Date): EventData {
  for (const key in input) if (input[key] === null || input[key] === "") input[key] = undefined;
  input.occurredAt = occurredAt;
  input.actorType ??= RULES.actorType.fallback;
  return input as EventData;
}

/** JSON Schema of the accepted input, from the same table (for the OpenAPI document). */
function jsonSchema(): Record<string, unknown> {
  const property = (key: keyof Rules): Record<string, unknown> => {
    const rule: Rule = RULES[key];
    const base = { description: rule.doc };
    if (rule.kind === "text") return { ...base, type: "string", maxLength: rule.max, ...(rule.required ? { minLength: 1 } : {}) };
    if (rule.kind === "enum") return { ...base, type: "string", enum: [...rule.values] };
    if (rule.kind === "date") return { ...base, type: "string", format: "date-time" };
    if (rule.kind === "status") return { ...base, type: "integer", minimum: 100, maximum: 599 };
    return { ...base, type: "object" };
  };
  const properties = Object.fromEntries(CANONICAL_FIELDS.map((key) => [key, property(key)]));
  return { type: "object", properties, required: REQUIRED, additionalProperties: false };
}

/** Absent optional fields may be present as `undefined` in the output (cheaper than deleting keys). */
export const CanonicalEvent = z
  .custom<Record<string, unknown>>(isPlainObject, { error: "record must be a JSON object" })
  .transform((input, ctx): EventData => {
    const result = firstProblem(input);
    if (result instanceof Date) return build(input, result);
    const [path, message] = result;
    ctx.issues.push({ code: "custom", path: [path], message, input: input[path] });
    return z.NEVER;
  })
  .meta(jsonSchema());
export type CanonicalEvent = z.infer<typeof CanonicalEvent>;

/** ` (did you mean "occurredAt"?)` for a near miss (case or ≤2 edits), else "". Error path only. */
function suggestion(key: string): string {
  if (key.length > 64) return "";
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const field of CANONICAL_FIELDS) {
    const d = field.toLowerCase() === lower ? 0 : editDistance(lower, field.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [field, d];
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

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
 * field and a human sentence. `defaults.source` fills `source` where the record has none. Valid
 * records are normalised in place and returned as the events: pass records the caller owns.
 */
export function validateEvents(records: unknown[], defaults: { source?: string } = {}): ValidationResult {
  const source = defaults.source === undefined ? undefined : checkDefaultSource(defaults.source);
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

function checkDefaultSource(source: string): string {
  const error = checkValue(RULES.source, source) ?? (source ? undefined : "must not be empty");
  if (error !== undefined) throw new TypeError(`default source ${preview(source)} is invalid: it ${error}`);
  return source;
}

type Issue = z.core.$ZodIssue;

/** Turn zod's first issue into { field, reason }: the dotted path and a sentence a producer can act on. */
export function describeIssue(issues: readonly Issue[], record: unknown): { field: string; reason: string } {
  const issue = issues[0];
  if (!issue || issue.path.length === 0) return { field: "(root)", reason: `record must be a JSON object, got ${preview(record)}` };
  // An unknown key is echoed as the field: cap it and keep control characters out of the report.
  const field = issue.path.map(String).join(".").slice(0, 200).replace(CONTROL_CHARS, "\uFFFD");
  return { field, reason: issue.message };
}

function controlCharMessage(value: string): string {
  const at = value.search(CONTROL_CHAR);
  const code = value.charCodeAt(at).toString(16).toUpperCase().padStart(4, "0");
  return `must not contain control characters (U+0000–U+001F, U+007F): found U+${code} at character ${at + 1}`;
}
