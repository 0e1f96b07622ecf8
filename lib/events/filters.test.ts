import { describe, expect, it } from "vitest";
import {
  DEFAULT_COLUMNS,
  DEFAULT_EVENT_PAGE_SIZE,
  eventSearchParams,
  eventsHref,
  formatCursor,
  hasActiveEventFilters,
  parseCursor,
  parseEventFilters,
  parseInstant,
  patternOf,
  resolveWindow,
  visibleColumns,
} from "./filters";

const now = new Date("2026-11-20T12:00:00.000Z");

describe("parseEventFilters", () => {
  it("applies defaults to an empty query", () => {
    const f = parseEventFilters({});
    expect(f.pageSize).toBe(DEFAULT_EVENT_PAGE_SIZE);
    expect(hasActiveEventFilters(f)).toBe(false);
    expect(visibleColumns(f)).toEqual(DEFAULT_COLUMNS);
    expect(resolveWindow(f, now)).toEqual({ from: new Date("2026-11-19T12:00:00.000Z"), to: now, preset: "24h" });
  });

  it("accepts every filter", () => {
    const f = parseEventFilters(
      new URLSearchParams(
        "identity=svc-a&owner=payments&kind=bot&action=s3:Get*&resource=arn:x&scope=s3:GetObject&decision=deny" +
          "&grant=out&ip=10.0.*&session=ses_1&q=secret&range=7d&pageSize=100&cols=time,decision,reason",
      ),
    );
    expect(f).toMatchObject({
      identity: "svc-a", owner: "payments", kind: "bot", action: "s3:Get*", resource: "arn:x", scope: "s3:GetObject",
      decision: "deny", grant: "out", ip: "10.0.*", session: "ses_1", q: "secret", range: "7d", pageSize: 100,
      cols: ["time", "decision", "reason"],
    });
    expect(hasActiveEventFilters(f)).toBe(true);
  });

  it("drops invalid values instead of failing", () => {
    const f = parseEventFilters({
      kind: "mainframe", decision: "maybe", grant: "in", range: "1y", from: "yesterday", to: "2026-13-40T00:00",
      before: "not-a-cursor", after: "2026-11-20T10:00:00Z_x", pageSize: "5000", cols: "password,time",
    });
    expect(f).toMatchObject({
      kind: undefined, decision: undefined, grant: undefined, range: undefined, from: undefined, to: undefined,
      before: undefined, after: undefined, pageSize: DEFAULT_EVENT_PAGE_SIZE, cols: ["time"],
    });
  });

  it("treats blank form fields as absent and trims text", () => {
    const f = parseEventFilters({ identity: "  ", q: " secrets ", decision: "", from: "" });
    expect(f.identity).toBeUndefined();
    expect(f.q).toBe("secrets");
    expect(f.decision).toBeUndefined();
  });

  it("takes the first of repeated parameters and refuses over-long text", () => {
    expect(parseEventFilters(new URLSearchParams("decision=deny&decision=allow")).decision).toBe("deny");
    expect(parseEventFilters({ q: "x".repeat(201) }).q).toBeUndefined();
  });
});

describe("time window", () => {
  it("reads datetime-local values as UTC", () => {
    expect(parseInstant("2026-11-20T10:30")).toEqual(new Date("2026-11-20T10:30:00Z"));
    expect(parseInstant("2026-11-20T10:30:15.5Z")).toEqual(new Date("2026-11-20T10:30:15.500Z"));
    expect(parseInstant("2026-11-20")).toBeUndefined();
  });

  it("uses presets, explicit bounds, one-sided bounds and swaps reversed bounds", () => {
    const w = (qs: string) => resolveWindow(parseEventFilters(new URLSearchParams(qs)), now);
    expect(w("range=1h")).toEqual({ from: new Date("2026-11-20T11:00:00Z"), to: now, preset: "1h" });
    expect(w("range=30d").from).toEqual(new Date("2026-10-21T12:00:00Z"));
    expect(w("from=2026-11-01T00:00&to=2026-11-02T00:00&range=7d")).toEqual({
      from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-02T00:00:00Z"), preset: null,
    });
    expect(w("from=2026-11-10T00:00")).toEqual({ from: new Date("2026-11-10T00:00:00Z"), to: now, preset: null });
    expect(w("to=2026-11-10T00:00").from).toEqual(new Date("2026-11-09T00:00:00Z"));
    expect(w("from=2026-11-02T00:00&to=2026-11-01T00:00").from).toEqual(new Date("2026-11-01T00:00:00Z"));
  });
});

describe("cursors", () => {
  it("round-trips with microseconds and a bigint id", () => {
    const c = { at: "2026-11-20T10:00:00.123456Z", id: "9007199254740993" };
    expect(parseCursor(formatCursor(c))).toEqual(c);
    expect(parseCursor("2026-11-20T10:00:00Z_12")).toEqual({ at: "2026-11-20T10:00:00Z", id: "12" });
    expect(parseCursor("2026-11-20T10:00:00Z_-1")).toBeUndefined();
    expect(parseCursor("2026-11-20T10:00:00.1234567Z_1")).toBeUndefined();
  });
});

describe("eventSearchParams", () => {
  it("leaves defaults out of links", () => {
    expect(eventsHref(parseEventFilters({}))).toBe("/trails");
    expect(eventsHref({ decision: "deny", range: "24h", pageSize: DEFAULT_EVENT_PAGE_SIZE, cols: [...DEFAULT_COLUMNS] })).toBe(
      "/trails?decision=deny",
    );
  });

  it("builds the drill-down links other views use (denials), decision first", () => {
    expect(eventsHref({ decision: "deny", identity: "okta:0oa1", from: new Date("2026-11-19T01:00:00Z"), to: new Date("2026-11-19T02:00:00Z") })).toBe(
      "/trails?decision=deny&identity=okta%3A0oa1&from=2026-11-19T01%3A00%3A00.000Z&to=2026-11-19T02%3A00%3A00.000Z",
    );
    expect(eventsHref({ identity: "svc", range: "7d", before: { at: "2026-11-20T10:00:00Z", id: "3" }, after: { at: "2026-11-20T09:00:00Z", id: "2" } })).toBe(
      "/trails?identity=svc&range=7d&before=2026-11-20T10%3A00%3A00Z_3",
    );
  });

  it("round-trips through the parser", () => {
    const f = parseEventFilters(
      new URLSearchParams("identity=a b&q=50%&range=7d&cols=time,reason&pageSize=25&before=2026-11-20T10:00:00.000001Z_7"),
    );
    expect(parseEventFilters(eventSearchParams(f))).toEqual(f);
    const abs = parseEventFilters(new URLSearchParams("from=2026-11-01T00:00&to=2026-11-02T00:00"));
    expect(parseEventFilters(eventSearchParams(abs))).toEqual(abs);
  });
});

describe("patternOf", () => {
  it("matches exactly unless the value ends with *", () => {
    expect(patternOf("s3:GetObject")).toEqual({ exact: "s3:GetObject" });
    expect(patternOf("s3:Get*")).toEqual({ prefix: "s3:Get" });
    expect(patternOf("*")).toEqual({ exact: "*" });
  });
});

describe("visibleColumns", () => {
  it("always keeps the time column as the anchor", () => {
    expect(visibleColumns({ cols: ["decision", "reason"] })).toEqual(["time", "decision", "reason"]);
    expect(visibleColumns({ cols: [] })).toEqual(DEFAULT_COLUMNS);
  });
});
