import { describe, expect, it } from "vitest";
import { bucketStarts, denialSpan, denialsHref, parseDenialView } from "./denials-params";

describe("denial windows", () => {
  it("end with the current hour and reach back whole hours", () => {
    const s = denialSpan("24h", new Date("2026-11-20T12:34:56Z"));
    expect(s.to.toISOString()).toBe("2026-11-20T13:00:00.000Z");
    expect(s.from.toISOString()).toBe("2026-11-19T13:00:00.000Z");
    expect(s.baselineFrom.toISOString()).toBe("2026-11-15T13:00:00.000Z"); // four windows before
    expect(s.rawFrom.toISOString()).toBe(s.from.toISOString());
    expect(bucketStarts(s.from, s.to, s.bucketHours)).toHaveLength(24);
  });

  it("bound raw-event reads to 7 days and bucket 30 days by 6 hours", () => {
    const s = denialSpan("30d", new Date("2026-11-20T12:00:00Z"));
    expect(s.rawHours).toBe(168);
    expect(s.rawFrom.toISOString()).toBe("2026-11-13T13:00:00.000Z");
    expect(bucketStarts(s.from, s.to, s.bucketHours)).toHaveLength(120);
  });

  it("parse leniently and link with defaults left out", () => {
    expect(parseDenialView({ window: "bogus", by: ["reason", "identity"] })).toEqual({ window: "7d", by: "reason" });
    expect(denialsHref({ window: "7d", by: "identity" })).toBe("/denials");
    expect(denialsHref({ window: "30d", by: "reason" })).toBe("/denials?window=30d&by=reason");
  });

});
