// Maps typed domain errors to RFC 9457 problem+json responses. Domain code throws; only this edge
// builds Response objects.
import { ZodError } from "zod";
import { ForbiddenError } from "../auth/roles";
import { UnauthenticatedError } from "../ingest-keys/keys";
import { DecodeError } from "../ingest/decode";
import { SaturatedError } from "../ingest/limiter";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 413: "Payload too large",
  415: "Unsupported media type", 422: "Unprocessable content", 429: "Too many requests", 503: "Service unavailable",
};

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return Response.json(
    { type: "about:blank", title: TITLES[status] ?? "Error", status, detail, ...extra },
    { status, headers: { "content-type": "application/problem+json", ...headers } },
  );
}

const UNAVAILABLE_CODES = /^(08|57P|53)|^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|P1001|P1002|P1008|P1017|P2024)$/;
const UNAVAILABLE_TEXT =
  /ECONNREFUSED|ECONNRESET|Connection terminated|Can't reach database|starting up|shutting down|terminating connection|server closed the connection|timeout exceeded when trying to connect/i;

/**
 * Postgres connection-level failures (server down, restarting, too many clients), raw from pg or
 * wrapped by Prisma's driver adapter (which keeps the original error under meta/cause).
 */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (typeof e !== "object" || e === null || depth > 4) return false;
  const err = e as { code?: unknown; originalCode?: unknown; message?: unknown; name?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  for (const code of [err.code, err.originalCode]) if (typeof code === "string" && UNAVAILABLE_CODES.test(code)) return true;
  if (err.name === "PrismaClientInitializationError") return true;
  if (typeof err.message === "string" && UNAVAILABLE_TEXT.test(err.message)) return true;
  return isDatabaseUnavailable(err.cause, depth + 1) || isDatabaseUnavailable(err.meta?.driverAdapterError, depth + 1);
}

export function toProblem(e: unknown): Response {
  if (e instanceof HttpError) return problem(e.status, e.message, e.extra, e.headers);
  if (e instanceof DecodeError) return problem(e.status, e.message);
  if (e instanceof SaturatedError) {
    return problem(429, e.message, {}, { "retry-after": String(e.retryAfterSeconds) });
  }
  if (e instanceof UnauthenticatedError) return problem(401, e.message, {}, { "www-authenticate": 'Bearer realm="warden"' });
  if (e instanceof ForbiddenError) return problem(403, e.message);
  if (e instanceof ZodError) {
    const i = e.issues[0];
    return problem(400, `${i.path.join(".") || "input"}: ${i.message}`);
  }
  if (isDatabaseUnavailable(e)) {
    return problem(503, "the database is unavailable; nothing from this request was stored — retry later", {}, { "retry-after": "5" });
  }
  console.error("warden: unhandled error in API route", e);
  return problem(500, "internal error; nothing from this request was stored");
}

/** Wraps a route handler body: any thrown error becomes a problem+json response. */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    return toProblem(e);
  }
}
