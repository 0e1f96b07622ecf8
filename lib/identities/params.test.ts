import { describe, expect, it } from "vitest";
import { formatGroupCursor, identityPageHref, parseGroupCursor, parseIdentityPageParams } from "./params";

const ID = "0b9e7d7e-4a8c-4f5e-9a51-3c2f1d0e8a77";

describe("identity page params", () => {
  it("defaults to a 30-day usage window and a 7-day trail", () => {
    expect(parseIdentityPageParams({})).toEqual({ window: 30, trail: 7, before: undefined, scope: undefined });
    expect(identityPageHref(ID, parseIdentityPageParams({}))).toBe(`/identities/${ID}`);
  });

  it("accepts the allowed windows only", () => {
    expect(parseIdentityPageParams({ window: "90", trail: "1" })).toMatchObject({ window: 90, trail: 1 });
    expect(parseIdentityPageParams({ window: "45", trail: "3" })).toMatchObject({ window: 30, trail: 7 });
  });

  it("keeps the scope filter the over-privilege heatmap links with", () => {
    const p = parseIdentityPageParams({ scope: " s3:GetObject " });
    expect(p.scope).toBe("s3:GetObject");
    expect(identityPageHref(ID, p)).toBe(`/identities/${ID}?scope=s3%3AGetObject`);
    expect(identityPageHref(ID, p, { scope: undefined, window: 7 }, "#grants")).toBe(`/identities/${ID}?window=7#grants`);
  });

  it("round-trips a trail cursor whose key may hold any character", () => {
    const c = { at: "2026-11-20T10:00:00.123456Z", key: "trace|with spaces&amp" };
    expect(parseGroupCursor(formatGroupCursor(c))).toEqual(c);
    expect(parseGroupCursor("2026-11-20T10:00:00Z|")).toEqual({ at: "2026-11-20T10:00:00Z", key: "" });
    expect(parseGroupCursor("yesterday|x")).toBeUndefined();
    const p = parseIdentityPageParams({ before: formatGroupCursor(c) });
    expect(parseIdentityPageParams(Object.fromEntries(new URL(`http://x${identityPageHref(ID, p)}`).searchParams))).toEqual(p);
  });
});
