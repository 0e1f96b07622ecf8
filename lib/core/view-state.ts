// A view's state as it lives in the URL: one zod schema gives both the parser (for the page, its
// exports and its API) and the link builder (for filter bars and links from other views), so a
// shareable link means the same thing everywhere. Client-safe: no server imports.
import { z } from "zod";

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** Empty strings (a submitted but blank form field) mean "not set". */
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Lenient on purpose: a hand-edited or stale link drops the bad parameter instead of failing. */
export const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional()).catch(undefined);

/** The first value of each key, from Next.js searchParams or a URLSearchParams. */
export function firstValues(input: SearchParamsInput): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {};
  if (input instanceof URLSearchParams) {
    for (const key of input.keys()) raw[key] ??= input.get(key) ?? undefined;
  } else {
    for (const [key, value] of Object.entries(input)) raw[key] = Array.isArray(value) ? value[0] : value;
  }
  return raw;
}

type Shape = z.ZodRawShape;
type State<S extends Shape> = z.output<z.ZodObject<S>>;

export type ViewStateSpec<S extends Shape> = {
  /** The page the links point to, e.g. `/trails`. */
  path: string;
  schema: z.ZodObject<S>;
  /** Keys in the order links write them (default: the schema's order). */
  order?: readonly (keyof S & string)[];
  /**
   * Per-key serialisers for values that are not plain strings or numbers; return undefined to
   * leave the key out. `state` is the whole (partial) state, for keys that depend on others.
   */
  encode?: { [K in keyof S]?: (value: NonNullable<z.output<S[K]>>, state: Partial<State<S>>) => string | undefined };
};

export type ViewState<S extends Shape> = {
  readonly path: string;
  readonly schema: z.ZodObject<S>;
  readonly defaults: State<S>;
  parse(input: SearchParamsInput): State<S>;
  searchParams(state: Partial<State<S>>): URLSearchParams;
  href(state: Partial<State<S>>, base?: string): string;
};

function plain(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.length ? value.map(String).join(",") : undefined;
  return String(value);
}

export function defineViewState<S extends Shape>(spec: ViewStateSpec<S>): ViewState<S> {
  const defaults = spec.schema.parse({});
  const keys = (spec.order ?? Object.keys(spec.schema.shape)) as (keyof S & string)[];
  const encoders = (spec.encode ?? {}) as Record<string, ((value: never, state: Partial<State<S>>) => string | undefined) | undefined>;
  const encodeKey = (key: string, value: unknown, state: Partial<State<S>>) => {
    if (value === undefined || value === null) return undefined;
    const custom = encoders[key];
    return custom ? custom(value as never, state) : plain(value);
  };
  const searchParams = (state: Partial<State<S>>): URLSearchParams => {
    const out = new URLSearchParams();
    const given = state as Record<string, unknown>;
    const fallback = defaults as Record<string, unknown>;
    for (const key of keys) {
      const v = encodeKey(key, given[key], state);
      // Defaults are left out so links stay short (`/identities?owner=none`).
      if (v !== undefined && v !== "" && v !== encodeKey(key, fallback[key], defaults)) out.set(key, v);
    }
    return out;
  };
  return {
    path: spec.path,
    schema: spec.schema,
    defaults,
    parse: (input) => spec.schema.parse(firstValues(input)),
    searchParams,
    href: (state, base = spec.path) => {
      const qs = searchParams(state).toString();
      return qs ? `${base}?${qs}` : base;
    },
  };
}
