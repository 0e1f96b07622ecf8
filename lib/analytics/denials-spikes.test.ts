import { describe, expect, it } from "vitest";
import { compareToBaseline, isSpike, median, spikeKind, spikeThreshold } from "./denials-spikes";

describe("median", () => {
  it("matches percentile_cont(0.5): middle value, or the mean of the two middle values", () => {
    expect(median([])).toBe(0);
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([0, 0, 0, 9])).toBe(0);
  });
});

describe("spikes", () => {
  it("needs more than the floor of 10 denials in an hour, however quiet the identity", () => {
    expect(spikeThreshold(0)).toBe(10);
    expect(isSpike(10, 0)).toBe(false);
    expect(isSpike(11, 0)).toBe(true);
    expect(isSpike(11, 1.5)).toBe(true); // 5 × 1.5 = 7.5 < 10
  });

  it("needs more than five times the median for a noisy identity", () => {
    expect(spikeThreshold(4)).toBe(20);
    expect(isSpike(20, 4)).toBe(false);
    expect(isSpike(21, 4)).toBe(true);
    expect(isSpike(60, 20)).toBe(false); // a chronically denied workload at its usual level
  });

  it("reads a spike over 10 or more distinct resources as probing", () => {
    expect(spikeKind(9)).toBe("spike");
    expect(spikeKind(10)).toBe("probing");
    expect(spikeKind(86)).toBe("probing");
  });
});

describe("compareToBaseline", () => {
  it("has no history when the baseline windows saw no events, or too few to compare", () => {
    expect(compareToBaseline({ denials: 5, events: 100 }, { denials: 0, events: 0 })).toEqual({
      rate: 0.05, baselineRate: null, ratio: null, excess: 5, trend: "no-history",
    });
    expect(compareToBaseline({ denials: 5, events: 100 }, { denials: 0, events: 19 }).trend).toBe("no-history");
    expect(compareToBaseline({ denials: 5, events: 100 }, { denials: 0, events: 20 }).trend).toBe("new");
  });

  it("marks denials where the baseline had none as new", () => {
    const c = compareToBaseline({ denials: 3, events: 100 }, { denials: 0, events: 400 });
    expect(c).toMatchObject({ rate: 0.03, baselineRate: 0, ratio: null, excess: 3, trend: "new" });
  });

  it("compares rates, not counts, and measures the excess over the expected denials", () => {
    // Baseline 1 % over four windows; now 136 of 300 events denied.
    const up = compareToBaseline({ denials: 136, events: 300 }, { denials: 12, events: 1200 });
    expect(up.baselineRate).toBeCloseTo(0.01);
    expect(up.ratio).toBeCloseTo(45.33, 1);
    expect(up.excess).toBeCloseTo(133);
    expect(up.trend).toBe("up");
    // Same rate on more traffic: more denials, no change.
    expect(compareToBaseline({ denials: 20, events: 2000 }, { denials: 40, events: 4000 })).toMatchObject({ ratio: 1, excess: 0, trend: "steady" });
    expect(compareToBaseline({ denials: 1, events: 1000 }, { denials: 40, events: 4000 }).trend).toBe("down");
  });
});
