import { describe, expect, it } from "vitest";
import { describeChange } from "./overview-trends";

describe("describeChange", () => {
  it("words the change against the previous period", () => {
    expect(describeChange({ current: 120, previous: 100 }, "previous 24 h")).toBe("▲ 20% vs the previous 24 h");
    expect(describeChange({ current: 95, previous: 100 }, "previous 24 h")).toBe("▼ 5.0% vs the previous 24 h");
    expect(describeChange({ current: 100, previous: 100 }, "previous 24 h")).toBe("Same as the previous 24 h");
    expect(describeChange({ current: 4, previous: 0 }, "previous 24 h")).toBe("None in the previous 24 h");
  });
});
