// The over-privilege view state as it lives in the URL. Client-safe (the controls build links and
// the grid builds identity links with it).
import { z } from "zod";

export const OP_WINDOWS = { "7d": 7, "30d": 30, "90d": 90 } as const;
export type OpWindow = keyof typeof OP_WINDOWS;
const WINDOW_KEYS = Object.keys(OP_WINDOWS) as [OpWindow, ...OpWindow[]];

export const OP_GROUPS = { none: "No grouping", team: "Owner team", kind: "Kind" } as const;
export type OpGroup = keyof typeof OP_GROUPS;

/** Row orders; each picks the top N rows as well as ordering them. */
export const OP_SORTS = {
  score: "Over-privilege score",
  unused: "Unused grants",
  ungranted: "Used without grant",
  name: "Name",
} as const;
export type OpSort = keyof typeof OP_SORTS;

/** Offered in the form; the URL accepts any N up to MAX_OP_ROWS. */
export const OP_ROW_LIMITS = [25, 50, 100, 200] as const;
export const DEFAULT_OP_ROWS = 50;
export const MAX_OP_ROWS = 500;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const OpView = z.object({
  window: z.enum(WINDOW_KEYS).catch("30d"),
  group: z.enum(Object.keys(OP_GROUPS) as [OpGroup, ...OpGroup[]]).catch("none"),
  sort: z.enum(Object.keys(OP_SORTS) as [OpSort, ...OpSort[]]).catch("score"),
  n: z.coerce.number().int().min(1).max(MAX_OP_ROWS).catch(DEFAULT_OP_ROWS),
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()).catch(undefined),
});
export type OpView = z.infer<typeof OpView>;
export const DEFAULT_OP_VIEW: OpView = { window: "30d", group: "none", sort: "score", n: DEFAULT_OP_ROWS, q: undefined };

type SearchParamsInput = Record<string, string | string[] | undefined>;

export function parseOpView(input: SearchParamsInput): OpView {
  const raw: Record<string, string | undefined> = {};
  for (const key of ["window", "group", "sort", "n", "q"]) {
    const v = input[key];
    raw[key] = Array.isArray(v) ? v[0] : v;
  }
  return OpView.parse(raw);
}

export function opHref(view: Partial<OpView>): string {
  const qs = new URLSearchParams();
  const d = DEFAULT_OP_VIEW;
  if (view.window && view.window !== d.window) qs.set("window", view.window);
  if (view.group && view.group !== d.group) qs.set("group", view.group);
  if (view.sort && view.sort !== d.sort) qs.set("sort", view.sort);
  if (view.n !== undefined && view.n !== d.n) qs.set("n", String(view.n));
  if (view.q) qs.set("q", view.q);
  const s = qs.toString();
  return s ? `/over-privilege?${s}` : "/over-privilege";
}

/** The identity page with its trail filtered to one scope (built by the identities area). */
export function identityScopeHref(identityId: string, scope?: string): string {
  return scope ? `/identities/${identityId}?scope=${encodeURIComponent(scope)}` : `/identities/${identityId}`;
}
