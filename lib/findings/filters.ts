// The findings queue's view state as it lives in the URL: one schema for the page, its CSV, the
// API's filters and the links other pages make (identity page, overview). Client-safe.
import { z } from "zod";
import { defineViewState, optionalParam } from "../core/view-state";
import { FindingStatus, Severity } from "../db/generated/enums";

/** `active` (the default) is what still needs someone: open and acknowledged. */
export const STATUS_FILTERS = ["active", "open", "acknowledged", "suppressed", "resolved", "all"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const FINDING_SORTS = ["severity", "lastSeen", "firstSeen", "occurrences"] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
export const FINDING_PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_FINDING_PAGE_SIZE = 50;

export const FindingFilters = z.object({
  status: z.enum(STATUS_FILTERS).catch("active"),
  severity: optionalParam(z.enum(Severity)),
  /** At least this severity (high = high and critical). */
  minSeverity: optionalParam(z.enum(Severity)),
  detector: optionalParam(z.string().trim().max(64)),
  identity: optionalParam(z.uuid()),
  /** An assignee's email, or `none` for unassigned. */
  assignee: optionalParam(z.string().trim().max(320)),
  q: optionalParam(z.string().trim().max(200)),
  sort: z.enum(FINDING_SORTS).catch("severity"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(200).catch(DEFAULT_FINDING_PAGE_SIZE),
});
export type FindingFilters = z.infer<typeof FindingFilters>;
export const ParsedFindingFilters = z.custom<FindingFilters>((v) => typeof v === "object" && v !== null, { error: "filters are required" });

export const FINDING_FILTER_KEYS = ["status", "severity", "minSeverity", "detector", "identity", "assignee", "q"] as const;

export const findingsViewState = defineViewState({
  path: "/findings",
  schema: FindingFilters,
  order: ["status", "minSeverity", "severity", "detector", "identity", "assignee", "q", "sort", "dir", "pageSize", "page"],
});
export const parseFindingFilters = findingsViewState.parse;
export const findingsHref = findingsViewState.href;
export const findingSearchParams = findingsViewState.searchParams;

export function hasActiveFindingFilters(f: Partial<FindingFilters>): boolean {
  return FINDING_FILTER_KEYS.some((k) => k !== "status" && f[k] !== undefined) || (f.status !== undefined && f.status !== "active");
}

export const FINDING_STATUSES = FindingStatus;
