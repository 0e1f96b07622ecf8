import { describe, expect, it } from "vitest";
import { Rng } from "../rng";
import { copyLine, type EventRow } from "./row";

const base: EventRow = {
  t: 0, received: 0, eventId: "demo-00000001", identityId: "00000000-0000-4000-8000-000000000000", identityRef: "svc:x",
  actorType: "nhi", credentialRef: null, action: "authenticate", resource: null, scope: null, decision: "allow",
  authResult: "success", reason: null, policyId: null, sourceIp: "10.0.0.1", userAgent: "ua", origin: null, method: null,
  path: null, status: null, sessionId: null, traceId: null, parentEventId: null, context: null, ownerId: null,
  environment: "prod", granted: null, riskClass: null,
};

describe("copyLine", () => {
  it("formats timestamps exactly like toISOString, in and out of order", () => {
    const rng = new Rng(1);
    for (let i = 0; i < 2000; i++) {
      const t = Date.UTC(2025, 0, 1) + Math.floor(rng.next() * 400 * 86_400_000);
      const cols = copyLine({ ...base, t, received: t + rng.int(0, 600_000) }).split("\t");
      expect(cols[2]).toBe(new Date(t).toISOString());
      expect(new Date(cols[3]).getTime() - t).toBeGreaterThanOrEqual(0);
    }
  });

  it("writes NULL as \\N and escapes free text for COPY", () => {
    const line = copyLine({ ...base, context: JSON.stringify({ prompt: 'say "hi"\\there' }), granted: false });
    const cols = line.slice(0, -1).split("\t");
    expect(cols).toHaveLength(29);
    expect(cols[7]).toBe("\\N");
    expect(cols[24]).toBe('{"prompt":"say \\\\"hi\\\\"\\\\\\\\there"}');
    expect(cols[27]).toBe("f");
  });
});
