import { describe, expect, it } from "vitest";
import {
  DEFAULT_PAGE_SIZE,
  escapeLike,
  hasActiveFilters,
  identitiesHref,
  identitySearchParams,
  parseIdentityFilters,
} from "./filters";
import { riskBand } from "./risk";

const OWNER = "0b9e7d7e-4a8c-4f5e-9a51-3c2f1d0e8a77";

describe("parseIdentityFilters", () => {
  it("applies defaults to an empty query", () => {
    expect(parseIdentityFilters({})).toEqual({
      q: undefined, kind: undefined, owner: undefined, environment: undefined,
      status: undefined, risk: undefined, actor: undefined,
      sort: "risk", dir: "desc", page: 1, pageSize: DEFAULT_PAGE_SIZE,
    });
  });

  it("accepts every valid filter", () => {
    const f = parseIdentityFilters({
      q: "  payments ", kind: "service_account", owner: OWNER, environment: "prod",
      status: "discovered", risk: "critical", actor: "nhi", sort: "lastSeen", dir: "asc",
      page: "3", pageSize: "200",
    });
    expect(f).toMatchObject({
      q: "payments", kind: "service_account", owner: OWNER, environment: "prod",
      status: "discovered", risk: "critical", actor: "nhi", sort: "lastSeen", dir: "asc",
      page: 3, pageSize: 200,
    });
  });

  it("accepts owner=none for ownerless identities", () => {
    expect(parseIdentityFilters({ owner: "none" }).owner).toBe("none");
  });

  it("drops invalid values instead of failing", () => {
    const f = parseIdentityFilters({
      kind: "mainframe", owner: "not-a-uuid", status: "zombie", risk: "extreme", actor: "robot",
      sort: "password", dir: "sideways", page: "-2", pageSize: "5000",
    });
    expect(f).toMatchObject({
      kind: undefined, owner: undefined, status: undefined, risk: undefined, actor: undefined,
      sort: "risk", dir: "desc", page: 1, pageSize: DEFAULT_PAGE_SIZE,
    });
  });

  it("treats blank fields from a submitted form as absent", () => {
    const f = parseIdentityFilters({ q: "  ", kind: "", owner: "", page: "" });
    expect(hasActiveFilters(f)).toBe(false);
    expect(f.page).toBe(1);
  });

  it("takes the first of repeated parameters", () => {
    expect(parseIdentityFilters({ kind: ["bot", "ai_agent"] }).kind).toBe("bot");
    expect(parseIdentityFilters(new URLSearchParams("kind=bot&kind=ai_agent")).kind).toBe("bot");
  });

  it("parses URLSearchParams the same way as a record", () => {
    const qs = "q=x&owner=none&sort=name&dir=asc&page=2&pageSize=25";
    expect(parseIdentityFilters(new URLSearchParams(qs))).toEqual(
      parseIdentityFilters(Object.fromEntries(new URLSearchParams(qs))),
    );
  });

  it("refuses over-long search text", () => {
    expect(parseIdentityFilters({ q: "x".repeat(201) }).q).toBeUndefined();
  });
});

describe("identitySearchParams", () => {
  it("leaves defaults out of links", () => {
    expect(identitiesHref({ owner: "none" })).toBe("/identities?owner=none");
    expect(identitiesHref(parseIdentityFilters({}))).toBe("/identities");
  });

  it("round-trips through the parser", () => {
    const f = parseIdentityFilters({
      q: "a b&c", kind: "bot", risk: "high", sort: "name", dir: "asc", page: "4", pageSize: "100",
    });
    expect(parseIdentityFilters(identitySearchParams(f))).toEqual(f);
  });

  it("keeps sort and dir together when either differs from the default", () => {
    const qs = identitySearchParams({ sort: "risk", dir: "asc" });
    expect(qs.get("sort")).toBe("risk");
    expect(qs.get("dir")).toBe("asc");
  });
});

describe("escapeLike", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    expect(escapeLike("svc_%\\x")).toBe("svc\\_\\%\\\\x");
  });
});

describe("riskBand", () => {
  it.each([
    [0, "low"], [39, "low"], [40, "medium"], [69, "medium"], [70, "high"], [89, "high"],
    [90, "critical"], [100, "critical"],
  ] as const)("%i is %s", (score, band) => {
    expect(riskBand(score)).toBe(band);
  });
});
