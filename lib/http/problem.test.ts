// Every WardenError code maps to its HTTP status and a problem+json body naming the field.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ERROR_STATUS, WardenError, type ErrorCode } from "../core/errors";
import { toProblem } from "./problem";

describe("toProblem", () => {
  it("maps each code to its status, with the code and field in the body", async () => {
    for (const [code, status] of Object.entries(ERROR_STATUS) as [ErrorCode, number][]) {
      const res = toProblem(new WardenError(code, `because ${code}`, { field: "a.b" }));
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status, detail: `because ${code}`, code, field: "a.b" });
    }
  });

  it("adds Retry-After and WWW-Authenticate where the code calls for them", () => {
    expect(toProblem(new WardenError("rate_limited", "busy", { retryAfterSeconds: 3 })).headers.get("retry-after")).toBe("3");
    expect(toProblem(new WardenError("unauthenticated", "who?")).headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("reports a zod failure as 400 naming the field, a lost database as 503, anything else as 500", async () => {
    const zod = z.object({ scope: z.string() }).safeParse({ scope: 1 });
    const bad = await toProblem(zod.error).json();
    expect(bad).toMatchObject({ status: 400, code: "invalid", field: "scope" });
    expect(toProblem(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })).status).toBe(503);
    const original = console.error;
    console.error = () => {};
    try {
      expect(toProblem(new Error("boom")).status).toBe(500);
    } finally {
      console.error = original;
    }
  });
});
