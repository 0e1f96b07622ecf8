import { describe, expect, it } from "vitest";
import { credentialView } from "./detail";

const now = new Date("2026-11-20T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const base = {
  id: "c1", type: "api_key" as const, fingerprint: "fp", status: "active" as const, issuedAt: daysAgo(200),
  lastRotatedAt: null, lastUsedAt: null, expiresAt: null,
};

describe("credentialView", () => {
  it("flags an active credential never rotated past 90 days, counting from issue", () => {
    const v = credentialView(base, now);
    expect(v).toMatchObject({ ageDays: 200, daysSinceRotation: 200, rotationOverdue: true, expiry: "none" });
  });

  it("counts from the last rotation when there is one", () => {
    expect(credentialView({ ...base, lastRotatedAt: daysAgo(90) }, now).rotationOverdue).toBe(false);
    expect(credentialView({ ...base, lastRotatedAt: daysAgo(91) }, now).rotationOverdue).toBe(true);
  });

  it("does not flag rotation on a revoked credential", () => {
    expect(credentialView({ ...base, status: "revoked" }, now).rotationOverdue).toBe(false);
  });

  it("flags expired and soon-expiring credentials", () => {
    expect(credentialView({ ...base, expiresAt: daysAgo(1) }, now).expiry).toBe("expired");
    expect(credentialView({ ...base, expiresAt: daysAgo(-10) }, now).expiry).toBe("expiring");
    expect(credentialView({ ...base, expiresAt: daysAgo(-31) }, now).expiry).toBe("ok");
  });
});
