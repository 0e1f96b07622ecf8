// The identity page's view state in the URL: usage window, trail window, trail cursor and the
// optional scope filter (`/identities/<id>?scope=<name>` is how other views link to one scope's
// trail). Client-safe.

export const USAGE_WINDOWS = [7, 30, 90] as const;
export type UsageWindow = (typeof USAGE_WINDOWS)[number];
export const DEFAULT_USAGE_WINDOW: UsageWindow = 30;

export const TRAIL_WINDOWS = [1, 7, 30] as const;
export type TrailWindow = (typeof TRAIL_WINDOWS)[number];
export const DEFAULT_TRAIL_WINDOW: TrailWindow = 7;

const pickNumber = <T extends number>(allowed: readonly T[], fallback: T) => (v: string | string[] | undefined): T => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return (allowed as readonly number[]).includes(n) ? (n as T) : fallback;
};
export const parseUsageWindow = pickNumber(USAGE_WINDOWS, DEFAULT_USAGE_WINDOW);
export const parseTrailWindow = pickNumber(TRAIL_WINDOWS, DEFAULT_TRAIL_WINDOW);

/** Keyset position between pages of trail groups: the last group shown. */
export type GroupCursor = { at: string; key: string };
const GROUP_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)\|([\s\S]{0,300})$/;

export function parseGroupCursor(v: string | string[] | undefined): GroupCursor | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  const m = s ? GROUP_CURSOR.exec(s) : null;
  return m && !Number.isNaN(Date.parse(m[1])) ? { at: m[1], key: m[2] } : undefined;
}
export const formatGroupCursor = (c: GroupCursor): string => `${c.at}|${c.key}`;

export type IdentityPageParams = {
  window: UsageWindow;
  trail: TrailWindow;
  before?: GroupCursor;
  scope?: string;
};

type Input = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseIdentityPageParams(input: Input): IdentityPageParams {
  const scope = first(input.scope)?.trim();
  const before = parseGroupCursor(input.before);
  return {
    window: parseUsageWindow(input.window),
    trail: parseTrailWindow(input.trail),
    before,
    scope: scope && scope.length <= 300 ? scope : undefined,
  };
}

/** A link to the identity page with some view state changed; defaults are left out. */
export function identityPageHref(id: string, p: IdentityPageParams, changes: Partial<IdentityPageParams> = {}, hash = ""): string {
  const next = { ...p, ...changes };
  const qs = new URLSearchParams();
  if (next.window !== DEFAULT_USAGE_WINDOW) qs.set("window", String(next.window));
  if (next.trail !== DEFAULT_TRAIL_WINDOW) qs.set("trail", String(next.trail));
  if (next.scope) qs.set("scope", next.scope);
  if (next.before) qs.set("before", formatGroupCursor(next.before));
  const s = qs.toString();
  return `/identities/${encodeURIComponent(id)}${s ? `?${s}` : ""}${hash}`;
}
