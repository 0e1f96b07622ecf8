// The identity page's view state in the URL: usage window, trail window, trail cursor and the
// optional scope filter (`/identities/<id>?scope=<name>` is how other views link to one scope's
// trail). Client-safe.
import { z } from "zod";
import { defineViewState, optionalParam } from "../core/view-state";

export const USAGE_WINDOWS = [7, 30, 90] as const;
export type UsageWindow = (typeof USAGE_WINDOWS)[number];
export const DEFAULT_USAGE_WINDOW: UsageWindow = 30;

export const TRAIL_WINDOWS = [1, 7, 30] as const;
export type TrailWindow = (typeof TRAIL_WINDOWS)[number];
export const DEFAULT_TRAIL_WINDOW: TrailWindow = 7;

/** Keyset position between pages of trail groups: the last group shown. */
export type GroupCursor = { at: string; key: string };
const GROUP_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)\|([\s\S]{0,300})$/;

export function parseGroupCursor(s: string): GroupCursor | undefined {
  const m = GROUP_CURSOR.exec(s);
  return m && !Number.isNaN(Date.parse(m[1])) ? { at: m[1], key: m[2] } : undefined;
}
export const formatGroupCursor = (c: GroupCursor): string => `${c.at}|${c.key}`;

/** One of `allowed`, else the fallback (a stale or hand-edited link keeps working). */
const oneOf = <const T extends readonly [number, ...number[]]>(allowed: T, fallback: T[number]) =>
  z.preprocess(Number, z.literal(allowed)).catch(fallback);

export const IdentityPageParams = z.object({
  window: oneOf(USAGE_WINDOWS, DEFAULT_USAGE_WINDOW),
  trail: oneOf(TRAIL_WINDOWS, DEFAULT_TRAIL_WINDOW),
  scope: optionalParam(z.string().trim().max(300)),
  before: optionalParam(
    z.string().transform((s, ctx) => parseGroupCursor(s) ?? (ctx.addIssue({ code: "custom", message: "bad cursor" }), z.NEVER)),
  ),
});
export type IdentityPageParams = z.infer<typeof IdentityPageParams>;

// Links name the identity in the path (identityPageHref); the view state is the query string.
export const identityPageViewState = defineViewState({
  path: "/identities",
  schema: IdentityPageParams,
  encode: { before: formatGroupCursor },
});

export const parseIdentityPageParams = identityPageViewState.parse;

/** A link to the identity page with some view state changed; defaults are left out. */
export function identityPageHref(
  id: string,
  p: Partial<IdentityPageParams> = {},
  changes: Partial<IdentityPageParams> = {},
  hash = "",
): string {
  return identityPageViewState.href({ ...p, ...changes }, `/identities/${encodeURIComponent(id)}`) + hash;
}
