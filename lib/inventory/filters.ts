// The identities view state as it lives in the URL. One zod schema serves the page, the CSV
// export and the overview's links, so a shareable link means the same thing everywhere.
// Client-safe: no server imports here (the filter bar builds URLs with it).
import { z } from "zod";
import { ActorType, IdentityKind, IdentityStatus } from "../db/generated/enums";
import { RISK_BANDS } from "./risk";

export const IDENTITY_SORT_KEYS = [
  "name",
  "kind",
  "owner",
  "environment",
  "status",
  "risk",
  "lastSeen",
  "createdAt",
] as const;
export type IdentitySortKey = (typeof IDENTITY_SORT_KEYS)[number];

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

// Highest risk first: the view an analyst opens the inventory for.
export const DEFAULT_SORT: { sort: IdentitySortKey; dir: "asc" | "desc" } = { sort: "risk", dir: "desc" };

const uuid = z.uuid();

/** Empty strings (a submitted but blank form field) mean "no filter". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

// Lenient on purpose: a hand-edited or stale link drops the bad parameter instead of failing.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional()).catch(undefined);

export const IdentityFilters = z.object({
  q: optional(z.string().trim().max(200)),
  kind: optional(z.enum(IdentityKind)),
  owner: optional(z.union([z.literal("none"), uuid])),
  environment: optional(z.string().trim().max(100)),
  status: optional(z.enum(IdentityStatus)),
  risk: optional(z.enum(RISK_BANDS)),
  actor: optional(z.enum(ActorType)),
  sort: z.enum(IDENTITY_SORT_KEYS).catch(DEFAULT_SORT.sort),
  dir: z.enum(["asc", "desc"]).catch(DEFAULT_SORT.dir),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).catch(DEFAULT_PAGE_SIZE),
});
export type IdentityFilters = z.infer<typeof IdentityFilters>;

/** The keys that narrow the set (as opposed to sort and paging). */
export const FILTER_KEYS = ["q", "kind", "owner", "environment", "status", "risk", "actor"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

type SearchParamsInput =
  | URLSearchParams
  | Record<string, string | string[] | undefined>;

/** Parses Next.js searchParams or a URLSearchParams; repeated keys keep their first value. */
export function parseIdentityFilters(input: SearchParamsInput): IdentityFilters {
  const raw: Record<string, string | undefined> = {};
  if (input instanceof URLSearchParams) {
    for (const key of input.keys()) raw[key] ??= input.get(key) ?? undefined;
  } else {
    for (const [key, value] of Object.entries(input)) raw[key] = Array.isArray(value) ? value[0] : value;
  }
  // Absent sort/dir/page fall back through .catch, which also covers undefined.
  return IdentityFilters.parse(raw);
}

export function hasActiveFilters(f: Partial<IdentityFilters>): boolean {
  return FILTER_KEYS.some((k) => f[k] !== undefined);
}

/**
 * Serialises filters back to a query string, leaving out defaults so links stay short
 * (`/identities?owner=none`, not a dozen empty parameters).
 */
export function identitySearchParams(f: Partial<IdentityFilters>): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = f[key];
    if (v !== undefined && v !== "") out.set(key, String(v));
  }
  const sort = f.sort ?? DEFAULT_SORT.sort;
  const dir = f.dir ?? DEFAULT_SORT.dir;
  if (sort !== DEFAULT_SORT.sort || dir !== DEFAULT_SORT.dir) {
    out.set("sort", sort);
    out.set("dir", dir);
  }
  if (f.pageSize !== undefined && f.pageSize !== DEFAULT_PAGE_SIZE) out.set("pageSize", String(f.pageSize));
  if (f.page !== undefined && f.page > 1) out.set("page", String(f.page));
  return out;
}

export function identitiesHref(f: Partial<IdentityFilters>, base = "/identities"): string {
  const qs = identitySearchParams(f).toString();
  return qs ? `${base}?${qs}` : base;
}

/** Escapes LIKE metacharacters so a search for "svc_%" matches those characters literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
