import { describe, expect, it } from "vitest";
import { bucketLabel } from "./denial-buckets";

describe("bucketLabel", () => {
  it("names the hours of a period, and both days when it runs past midnight", () => {
    expect(bucketLabel("2026-11-19T01:00:00.000Z", 1)).toBe("Thu 19 Nov 01:00–02:00 UTC");
    expect(bucketLabel("2026-11-18T18:00:00.000Z", 6)).toBe("Wed 18 Nov 18:00–24:00 UTC");
    expect(bucketLabel("2026-11-18T21:00:00.000Z", 6)).toBe("Wed 18 Nov 21:00 – Thu 19 Nov 03:00 UTC");
  });
});
