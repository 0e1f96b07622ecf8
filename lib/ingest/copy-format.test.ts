import { describe, expect, it } from "vitest";
import { copyEscape, isoUtc } from "./copy-format";

describe("isoUtc", () => {
  it("matches toISOString across days, hours and milliseconds", () => {
    const starts = [0, Date.UTC(2000, 1, 29), Date.UTC(2026, 10, 21, 23, 59, 59, 999), Date.UTC(2026, 11, 31, 23, 0, 0, 1)];
    for (const start of starts) {
      for (let ms = start; ms < start + 3 * 86_400_000; ms += 1_234_567) {
        expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
      }
    }
  });
});

describe("copyEscape", () => {
  it("escapes COPY delimiters and backslashes, leaves other text alone", () => {
    expect(copyEscape("prod")).toBe("prod");
    expect(copyEscape("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
  });
});
