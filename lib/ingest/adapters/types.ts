// The adapter contract, plus the small record-reading helpers every adapter shares.

export const FORMATS = ["canonical", "cloudtrail", "k8s-audit", "ocsf"] as const;
export type Format = (typeof FORMATS)[number];

/** An adapter's answer for a record that is not an audit event (nothing to store, not an error). */
export interface AdapterSkip {
  readonly skip: true;
  readonly reason: string;
}

export interface Adapter {
  readonly name: Format;
  /** Cheap structural test used when the request does not name a format. */
  detect(record: unknown): boolean;
  /**
   * A plain object shaped like CanonicalEvent input (validated afterwards by the schema, so it may
   * be incomplete), or an AdapterSkip. Never throws for odd input: validation reports it.
   */
  adapt(record: unknown): unknown;
}

export function skip(reason: string): AdapterSkip {
  return { skip: true, reason };
}

export function isSkip(value: unknown): value is AdapterSkip {
  return typeof value === "object" && value !== null && (value as { skip?: unknown }).skip === true;
}

export type Json = Record<string, unknown>;

export function asObject(v: unknown): Json | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

/** A non-empty string (numbers and booleans are stringified), else undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v.length ? v : undefined;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** Nested lookup: get(o, "a", "0", "b") is o?.a?.[0]?.b for unknown-typed JSON. */
export function get(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const key of keys) cur = Array.isArray(cur) ? cur[Number(key)] : asObject(cur)?.[key];
  return cur;
}

const CONTROL_CHARS = /[\x00-\x1f\x7f]+/g;

/**
 * For descriptive fields copied from native logs (messages, user agents, URIs): control characters
 * become spaces and overlong text is cut, because losing the whole event over a newline in an
 * error message would be worse. Identifiers are never cut (validation rejects them visibly).
 */
export function clean(v: unknown, max: number): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const flat = s.replace(CONTROL_CHARS, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A small integer HTTP status, or undefined. */
export function httpStatus(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}
