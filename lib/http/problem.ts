// Maps thrown errors to RFC 9457 problem+json responses by WardenError code. Domain code throws;
// only this edge builds Response objects.
import { asWardenError, type WardenError } from "../core/errors";

const TITLES: Record<number, string> = {
  400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 409: "Conflict", 413: "Payload too large",
  415: "Unsupported media type", 422: "Unprocessable content", 429: "Too many requests", 500: "Internal error", 503: "Service unavailable",
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

function wardenProblem(e: WardenError): Response {
  const headers: Record<string, string> = {};
  if (e.retryAfterSeconds !== undefined) headers["retry-after"] = String(e.retryAfterSeconds);
  if (e.code === "unauthenticated") headers["www-authenticate"] = 'Bearer realm="warden"';
  const extra = { code: e.code, ...(e.field ? { field: e.field } : {}), ...e.extra };
  return problem(e.status, e.message, extra, headers);
}

export function toProblem(e: unknown): Response {
  const w = asWardenError(e);
  if (w) return wardenProblem(w);
  if (isDatabaseUnavailable(e)) {
    return problem(503, "the database is unavailable; nothing from this request was stored — retry later", { code: "unavailable" }, { "retry-after": "5" });
  }
  console.error("warden: unhandled error in API route", e);
  return problem(500, "internal error; nothing from this request was stored");
}
