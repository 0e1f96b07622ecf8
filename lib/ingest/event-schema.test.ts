import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CanonicalEvent, MAX_CONTEXT_BYTES, parseIsoDateTime, validateEvents } from "./event-schema";

// validateEvents normalises the records it is given in place: tests hand it copies of this.
const base = Object.freeze({
  eventId: "evt-1",
  occurredAt: "2024-05-01T10:00:00Z",
  identity: "arn:aws:iam::123456789012:user/ci-deployer",
  action: "s3:GetObject",
  decision: "allow",
});

function rejectionOf(record: unknown) {
  const { valid, rejected } = validateEvents([record]);
  expect(valid).toHaveLength(0);
  expect(rejected).toHaveLength(1);
  return rejected[0];
}

describe("CanonicalEvent: accepted input", () => {
  it("accepts a minimal event, defaults actorType to nhi and coerces occurredAt to a Date", () => {
    const { valid, rejected } = validateEvents([{ ...base }]);
    expect(rejected).toEqual([]);
    expect(valid[0].index).toBe(0);
    expect(valid[0].event).toMatchObject({ ...base, actorType: "nhi", occurredAt: new Date("2024-05-01T10:00:00Z") });
  });

  it("accepts every field", () => {
    const full = {
      ...base,
      source: "gateway",
      actorType: "human",
      identityKind: "user",
      identityName: "Deployer",
      provider: "aws",
      credentialRef: "AKIAEXAMPLE",
      resource: "arn:aws:s3:::bucket/key",
      scope: "s3:GetObject",
      authResult: "success",
      reason: "ok",
      policyId: "p-1",
      sourceIp: "203.0.113.7",
      userAgent: "aws-cli/2",
      origin: "prod-cluster/payments",
      environment: "prod",
      method: "GET",
      path: "/bucket/key",
      status: 200,
      sessionId: "s",
      traceId: "t",
      parentEventId: "p",
      context: { tool: "search", prompt: "find\nthings\u0000" },
    };
    const { valid, rejected } = validateEvents([full]);
    expect(rejected).toEqual([]);
    expect(valid[0].event).toMatchObject({ ...full, occurredAt: new Date(base.occurredAt) });
  });

  it("fills source from the defaults only when the record has none", () => {
    const { valid } = validateEvents([{ ...base }, { ...base, eventId: "2", source: "own" }], { source: "cloudtrail" });
    expect(valid.map((v) => v.event.source)).toEqual(["cloudtrail", "own"]);
  });

  it("treats null and empty strings in optional fields as absent", () => {
    const { valid, rejected } = validateEvents([{ ...base, userAgent: null, sourceIp: "", identityKind: "", status: null, context: null }]);
    expect(rejected).toEqual([]);
    const e = valid[0].event;
    expect([e.userAgent, e.sourceIp, e.identityKind, e.status, e.context]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("keeps SQL and HTML in values as inert text", () => {
    const hostile = { ...base, identity: "'; DROP TABLE audit_events; --", resource: "<script>alert(1)</script>", reason: "1' OR '1'='1" };
    const { valid } = validateEvents([hostile]);
    expect(valid[0].event).toMatchObject({ identity: hostile.identity, resource: hostile.resource, reason: hostile.reason });
  });

  it("accepts offsets and fractional seconds, converting to UTC", () => {
    expect(parseIsoDateTime("2024-05-01T12:00:00+02:00")?.toISOString()).toBe("2024-05-01T10:00:00.000Z");
    expect(parseIsoDateTime("2024-05-01T05:30:00-0430")?.toISOString()).toBe("2024-05-01T10:00:00.000Z");
    expect(parseIsoDateTime("2025-07-13T08:38:41.005864307Z")?.toISOString()).toBe("2025-07-13T08:38:41.005Z");
    expect(parseIsoDateTime("2024-02-29T00:00Z")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(CanonicalEvent.safeParse({ ...base, occurredAt: new Date("2024-05-01T10:00:00Z") }).success).toBe(true);
  });

  it("rejects impossible or zone-less date-times", () => {
    for (const s of ["2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00", "2024-01-01", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00+25:00"]) {
      expect(parseIsoDateTime(s), s).toBeNull();
    }
  });

  it("publishes a JSON Schema of the input (used by the OpenAPI document)", () => {
    const schema = z.toJSONSchema(CanonicalEvent, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    expect(schema).toMatchObject({ type: "object", additionalProperties: false, required: ["eventId", "occurredAt", "identity", "action", "decision"] });
    expect((schema.properties as Record<string, unknown>).identity).toMatchObject({ type: "string", maxLength: 512 });
  });
});

describe("CanonicalEvent: rejections name the field and say why", () => {
  it.each([
    [{ ...base, occurredAt: "yesterday" }, "occurredAt", 'must be an ISO-8601 date-time with a timezone, got "yesterday"'],
    [{ ...base, occurredAt: "1999-12-31T23:59:59Z" }, "occurredAt", "must not be before 2000-01-01T00:00:00Z"],
    [{ ...base, occurredAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }, "occurredAt", "more than 1 day in the future"],
    [{ ...base, occurredAt: 1714557600000 }, "occurredAt", "got number 1714557600000"],
    [{ ...base, status: "200" }, "status", 'must be an integer, got "200"'],
    [{ ...base, status: 99 }, "status", "between 100 and 599"],
    [{ ...base, eventId: 42 }, "eventId", "must be a string, got number 42"],
    [{ ...base, decision: "permit" }, "decision", 'must be one of "allow", "deny", "error"; got "permit"'],
    [{ ...base, actorType: "robot" }, "actorType", 'must be one of "nhi", "human"'],
    [{ ...base, identity: "   " }, "identity", "must not be blank"],
    [{ ...base, context: [1, 2] }, "context", "must be a JSON object, got an array"],
    [{ ...base, context: { blob: "x".repeat(MAX_CONTEXT_BYTES) } }, "context", `at most ${MAX_CONTEXT_BYTES} bytes`],
    [{ ...base, tenant: "acme" }, "tenant", "is not a canonical event field"],
    [{ ...base, identty: "x" }, "identty", 'did you mean "identity"?'],
  ])("%#: %j", (record, field, reason) => {
    const r = rejectionOf(record);
    expect(r.field).toBe(field);
    expect(r.reason).toContain(reason);
  });

  it("names each missing required field", () => {
    for (const key of Object.keys(base)) {
      const record: Record<string, unknown> = { ...base };
      delete record[key];
      expect(rejectionOf(record)).toEqual({ index: 0, field: key, reason: "is required" });
    }
  });

  it("rejects non-object records at the root", () => {
    const { rejected } = validateEvents([42, null, "event", [base]]);
    expect(rejected.map((r) => r.field)).toEqual(["(root)", "(root)", "(root)", "(root)"]);
    expect(rejected[0].reason).toBe("record must be a JSON object, got number 42");
  });

  it("rejects a 1 MB string field without echoing it", () => {
    const huge = "A".repeat(1024 * 1024);
    for (const field of ["identity", "reason", "userAgent", "occurredAt"]) {
      const r = rejectionOf({ ...base, [field]: huge });
      expect(r.field).toBe(field);
      expect(r.reason.length).toBeLessThan(300);
      expect(r.reason).not.toContain("A".repeat(201));
    }
    expect(rejectionOf({ ...base, identity: huge }).reason).toBe("must be at most 512 characters, got 1048576");
  });

  it("rejects ASCII control characters in string fields and says where", () => {
    for (const [field, value, code] of [["identity", "svc\u0000admin", "U+0000"], ["reason", "line1\nline2", "U+000A"], ["action", "get\u007f", "U+007F"], ["source", "\ttab", "U+0009"]]) {
      const r = rejectionOf({ ...base, [field]: value });
      expect(r.field).toBe(field);
      expect(r.reason).toContain(`control characters`);
      expect(r.reason).toContain(code);
    }
  });

  it("keeps an unknown key's name short and printable in the report", () => {
    const r = rejectionOf({ ...base, [`k\u0007${"y".repeat(500)}`]: 1 });
    expect(r.field.length).toBe(200);
    expect(r.field).not.toMatch(/[\x00-\x1f]/);
  });

  it("reports the batch index of each rejection and keeps the valid events", () => {
    const { valid, rejected } = validateEvents([{ ...base }, { ...base, decision: "nope" }, { ...base, eventId: "3" }, {}]);
    expect(valid.map((v) => v.index)).toEqual([0, 2]);
    expect(rejected.map((r) => [r.index, r.field])).toEqual([[1, "decision"], [3, "eventId"]]);
  });

  it("refuses an invalid default source", () => {
    expect(() => validateEvents([{ ...base }], { source: "bad\nsource" })).toThrow(/default source/);
  });
});
