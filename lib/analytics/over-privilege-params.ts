// The over-privilege view state as it lives in the URL. Client-safe (the controls build links and
// the grid builds identity links with it).
import { z } from "zod";
import { defineViewState, optionalParam } from "../core/view-state";

const keysOf = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const OP_WINDOWS = { "7d": 7, "30d": 30, "90d": 90 } as const;
export const OpWindow = z.enum(keysOf(OP_WINDOWS));
export type OpWindow = z.infer<typeof OpWindow>;

export const OP_GROUPS = { none: "No grouping", team: "Owner team", kind: "Kind" } as const;
export const OpGroup = z.enum(keysOf(OP_GROUPS));
export type OpGroup = z.infer<typeof OpGroup>;

/** Row orders; each picks the top N rows as well as ordering them. */
export const OP_SORTS = {
  score: "Over-privilege score",
  unused: "Unused grants",
  ungranted: "Used without grant",
  name: "Name",
} as const;
export const OpSort = z.enum(keysOf(OP_SORTS));
export type OpSort = z.infer<typeof OpSort>;

/** Offered in the form; the URL accepts any N up to MAX_OP_ROWS. */
export const OP_ROW_LIMITS = [25, 50, 100, 200] as const;
export const DEFAULT_OP_ROWS = 50;
export const MAX_OP_ROWS = 500;
export const OpRows = z.number().int().min(1).max(MAX_OP_ROWS);
/** Searched inside identity names and external ids. */
export const OpSearch = z.string().trim().max(200);

// The strict schemas above validate the report's input; the URL falls back to defaults instead.
export const OpView = z.object({
  window: OpWindow.catch("30d"),
  group: OpGroup.catch("none"),
  sort: OpSort.catch("score"),
  n: z.coerce.number().pipe(OpRows).catch(DEFAULT_OP_ROWS),
  q: optionalParam(OpSearch),
});
export type OpView = z.infer<typeof OpView>;

export const opViewState = defineViewState({ path: "/over-privilege", schema: OpView });
export const parseOpView = opViewState.parse;
export const opHref = opViewState.href;
