// The one error type domain code throws. Each edge (route, server action, page, CLI) maps the
// code, never the message text: routes to an HTTP status and problem+json, actions to form state.
import { ZodError } from "zod";

export const ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type WardenErrorOptions = {
  /** The input field at fault, as a dotted path (`owner.email`, `events.3.scope`). */
  field?: string;
  /** Extra members for the problem+json body (e.g. `limitBytes`). */
  extra?: Record<string, unknown>;
  /** Seconds a client should wait before retrying (429, 503). */
  retryAfterSeconds?: number;
  cause?: unknown;
};

export class WardenError extends Error {
  override name = "WardenError";
  readonly field?: string;
  readonly extra: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: WardenErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.field = opts.field;
    this.extra = opts.extra ?? {};
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isWardenError = (e: unknown, code?: ErrorCode): e is WardenError =>
  e instanceof WardenError && (code === undefined || e.code === code);

/** A zod failure as an `invalid` error naming the first field at fault and why. */
export function fromZod(e: ZodError, prefix?: string): WardenError {
  const issue = e.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
  const message = issue ? `${path || "input"}: ${issue.message}` : "invalid input";
  return new WardenError("invalid", message, {
    field: path || undefined,
    extra: { errors: e.issues.slice(0, 20).map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join("."), reason: i.message })) },
    cause: e,
  });
}

/** Any thrown value as a WardenError when it is one in substance (zod failure), else undefined. */
export function asWardenError(e: unknown): WardenError | undefined {
  if (e instanceof WardenError) return e;
  if (e instanceof ZodError) return fromZod(e);
  return undefined;
}
