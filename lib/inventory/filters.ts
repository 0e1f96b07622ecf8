// The identities view state as it lives in the URL. One view state serves the page, the CSV
// export and the overview's links, so a shareable link means the same thing everywhere.
// Client-safe: no server imports here (the filter bar builds URLs with it).
import { z } from "zod";
import { defineViewState, optionalParam } from "../core/view-state";
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

export const IdentityFilters = z.object({
  q: optionalParam(z.string().trim().max(200)),
  kind: optionalParam(z.enum(IdentityKind)),
  owner: optionalParam(z.union([z.literal("none"), uuid])),
  environment: optionalParam(z.string().trim().max(100)),
  status: optionalParam(z.enum(IdentityStatus)),
  risk: optionalParam(z.enum(RISK_BANDS)),
  actor: optionalParam(z.enum(ActorType)),
  /** The identities an inventory import created or last changed (the Import page links here). */
  import: optionalParam(uuid),
  sort: z.enum(IDENTITY_SORT_KEYS).catch(DEFAULT_SORT.sort),
  dir: z.enum(["asc", "desc"]).catch(DEFAULT_SORT.dir),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).catch(DEFAULT_PAGE_SIZE),
});
export type IdentityFilters = z.infer<typeof IdentityFilters>;
/** Filters already parsed from a URL, as a query's input (not parsed twice: the URL schema is lenient). */
export const ParsedIdentityFilters = z.custom<IdentityFilters>((v) => typeof v === "object" && v !== null, { error: "filters are required" });

/** The keys that narrow the set (as opposed to sort and paging). */
export const FILTER_KEYS = ["q", "kind", "owner", "environment", "status", "risk", "actor", "import"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

// Sort and direction travel together: a link names both or neither (the default order).
const isDefaultOrder = (sort: IdentitySortKey | undefined, dir: "asc" | "desc" | undefined) =>
  (sort ?? DEFAULT_SORT.sort) === DEFAULT_SORT.sort && (dir ?? DEFAULT_SORT.dir) === DEFAULT_SORT.dir;

export const identitiesViewState = defineViewState({
  path: "/identities",
  schema: IdentityFilters,
  order: [...FILTER_KEYS, "sort", "dir", "pageSize", "page"],
  encode: {
    sort: (v, f) => (isDefaultOrder(v, f.dir) ? undefined : v),
    dir: (v, f) => (isDefaultOrder(f.sort, v) ? undefined : v),
  },
});

const withOrder = (f: Partial<IdentityFilters>): Partial<IdentityFilters> => ({
  ...f,
  sort: f.sort ?? DEFAULT_SORT.sort,
  dir: f.dir ?? DEFAULT_SORT.dir,
});

/** Parses Next.js searchParams or a URLSearchParams; repeated keys keep their first value. */
export const parseIdentityFilters = identitiesViewState.parse;

export function hasActiveFilters(f: Partial<IdentityFilters>): boolean {
  return FILTER_KEYS.some((k) => f[k] !== undefined);
}

/**
 * Serialises filters back to a query string, leaving out defaults so links stay short
 * (`/identities?owner=none`, not a dozen empty parameters).
 */
export function identitySearchParams(f: Partial<IdentityFilters>): URLSearchParams {
  return identitiesViewState.searchParams(withOrder(f));
}

export function identitiesHref(f: Partial<IdentityFilters>, base = "/identities"): string {
  return identitiesViewState.href(withOrder(f), base);
}

/** Escapes LIKE metacharacters so a search for "svc_%" matches those characters literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
