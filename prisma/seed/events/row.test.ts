import { describe, expect, it } from "vitest";
import { STORED_EVENT_COLUMNS } from "../../../lib/events/columns";
import { Rng } from "../rng";
import { COPY_COLUMNS, copyLine, whatText, whoText, type EventRow } from "./row";

const base: EventRow = {
  t: 0, received: 0, eventId: "demo-00000001", decision: "allow", authResult: "success", reason: null, policyId: null,
  status: null, sessionId: null, traceId: null, parentEventId: null, context: null, granted: null,
  who: whoText({
    identityId: "00000000-0000-4000-8000-000000000000", identityRef: "svc:x", actorType: "nhi", credentialRef: null,
    sourceIp: "10.0.0.1", userAgent: "ua\tx", origin: null, ownerId: null, environment: "prod",
  }),
  what: whatText({ action: "authenticate", scope: null, resource: null, method: "POST", path: "/oauth2/token", riskClass: null }),
};

const column = (line: string, name: (typeof COPY_COLUMNS)[number]) => line.slice(0, -1).split("\t")[COPY_COLUMNS.indexOf(name)];

describe("copyLine", () => {
  it("has one field per COPY column", () => {
    expect(copyLine(base).slice(0, -1).split("\t")).toHaveLength(COPY_COLUMNS.length);
  });

  it("formats timestamps exactly like toISOString, in and out of order", () => {
    const rng = new Rng(1);
    for (let i = 0; i < 2000; i++) {
      const t = Date.UTC(2025, 0, 1) + Math.floor(rng.next() * 400 * 86_400_000);
      const line = copyLine({ ...base, t, received: t + rng.int(0, 600_000) });
      expect(column(line, "occurred_at")).toBe(new Date(t).toISOString());
      expect(new Date(column(line, "received_at")).getTime() - t).toBeGreaterThanOrEqual(0);
    }
  });

  it("writes NULL as \\N and escapes text for COPY", () => {
    const line = copyLine({ ...base, context: JSON.stringify({ prompt: 'say "hi"\\there' }), granted: false });
    expect(column(line, "credential_ref")).toBe("\\N");
    expect(column(line, "user_agent")).toBe("ua\\tx");
    expect(column(line, "context")).toBe('{"prompt":"say \\\\"hi\\\\"\\\\\\\\there"}');
    expect(column(line, "granted")).toBe("f");
    expect(column(line, "path")).toBe("/oauth2/token");
  });

  it("writes only columns of the one audit-event column table (lib/events/columns.ts), each once", () => {
    const stored = new Set(STORED_EVENT_COLUMNS.map(([name]) => name));
    expect(COPY_COLUMNS.filter((c) => !stored.has(c))).toEqual([]);
    expect(new Set(COPY_COLUMNS).size).toBe(COPY_COLUMNS.length);
  });
});
