import { describe, expect, it } from "vitest";
import {
  cellLabel,
  cellState,
  leastPrivilegeShare,
  overPrivilegeScore,
  RISK_WEIGHTS,
  scoreParts,
  intensityLevel,
  type HeatCell,
} from "./over-privilege-score";

const now = new Date("2026-11-20T12:00:00Z");
const cell = (over: Partial<HeatCell>): HeatCell => ({
  scope: "s3:GetObject", risk: "read", grantedAtMs: Date.parse("2025-01-01T00:00:00.000Z"), uses: 0, denied: 0, ungrantedUses: 0, ...over,
});

describe("cellState", () => {
  it("tells the four states apart", () => {
    expect(cellState(cell({ uses: 3 }))).toBe("used");
    expect(cellState(cell({ uses: 0 }))).toBe("unused");
    expect(cellState(cell({ uses: 0, denied: 4 }))).toBe("unused"); // a denial is not use
    expect(cellState(cell({ grantedAtMs: null, denied: 2 }))).toBe("ungranted");
    expect(cellState(cell({ grantedAtMs: null, uses: 5, ungrantedUses: 5 }))).toBe("ungranted");
    expect(cellState(cell({ grantedAtMs: null, uses: 5 }))).toBe("none"); // used under a grant since revoked
    expect(cellState(cell({ grantedAtMs: null }))).toBe("none");
  });

  it("buckets use counts by order of magnitude", () => {
    expect([1, 9, 10, 99, 100, 999, 1000, 50_000].map(intensityLevel)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });
});

describe("over-privilege score", () => {
  it("is the risk-weighted share of granted scopes left unused", () => {
    const cells = [
      cell({ scope: "iam:*", risk: "admin" }), // unused, weight 5
      cell({ scope: "s3:GetObject", risk: "read", uses: 10 }), // used, weight 1
      cell({ scope: "s3:PutObject", risk: "write" }), // unused, weight 2
      cell({ scope: "kms:Decrypt", risk: "secret_read", grantedAtMs: null, denied: 3 }), // not granted: no weight
    ];
    expect(scoreParts(cells)).toEqual({ granted: 3, unused: 2, grantedWeight: 8, unusedWeight: 7 });
    expect(overPrivilegeScore(cells)).toBeCloseTo(7 / 8);
  });

  it("weights admin and permission change highest, read lowest", () => {
    expect(RISK_WEIGHTS).toEqual({ read: 1, write: 2, export: 3, secret_read: 4, cross_tenant: 4, permission_change: 5, admin: 5 });
    const unusedAdmin = overPrivilegeScore([cell({ risk: "admin" }), cell({ scope: "r", risk: "read", uses: 1 })]);
    const unusedRead = overPrivilegeScore([cell({ risk: "admin", uses: 1 }), cell({ scope: "r", risk: "read" })]);
    expect(unusedAdmin).toBeCloseTo(5 / 6);
    expect(unusedRead).toBeCloseTo(1 / 6);
  });

  it("has no score without grants and zero when everything granted was used", () => {
    expect(overPrivilegeScore([cell({ grantedAtMs: null, denied: 1 })])).toBeNull();
    expect(overPrivilegeScore([cell({ uses: 1 }), cell({ scope: "x", risk: "admin", uses: 2 })])).toBe(0);
  });
});

describe("least-privilege figure", () => {
  it("is the share of identities with grants whose granted scopes were all used", () => {
    expect(leastPrivilegeShare([
      { granted: 3, unused: 0 },
      { granted: 2, unused: 1 },
      { granted: 0, unused: 0 }, // no grants: not counted either way
      { granted: 1, unused: 0 },
    ])).toEqual({ compliant: 2, withGrants: 3, share: 2 / 3 });
    expect(leastPrivilegeShare([]).share).toBeNull();
  });
});

describe("cell labels", () => {
  it("read as a sentence for each state", () => {
    expect(cellLabel("svc-x", "s3:GetObject", cell({}), 30, now)).toBe("svc-x · s3:GetObject: granted, unused for 30 days");
    expect(cellLabel("svc-x", "s3:GetObject", cell({ uses: 1234 }), 30, now)).toBe("svc-x · s3:GetObject: granted, used 1,234 times in 30 days");
    expect(cellLabel("svc-x", "s3:GetObject", cell({ grantedAtMs: Date.parse("2026-11-17T09:00:00.000Z") }), 30, now)).toBe(
      "svc-x · s3:GetObject: granted 3 days ago, unused since",
    );
    expect(cellLabel("svc-x", "s3:GetObject", cell({ grantedAtMs: null, denied: 12, ungrantedUses: 1, uses: 1 }), 7, now)).toBe(
      "svc-x · s3:GetObject: not granted, used anyway (12 denied, 1 allowed without a grant) in 7 days",
    );
    expect(cellLabel("svc-x", "kms:Decrypt", undefined, 30, now)).toBe("svc-x · kms:Decrypt: not granted");
  });
});
