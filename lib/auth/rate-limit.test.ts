import { describe, expect, it } from "vitest";
import { recordSignIn, signInLocked } from "./rate-limit";

describe("sign-in lockout", () => {
  it("locks an account after 10 failures in 5 minutes, and not before", () => {
    const t = 1_000_000;
    for (let i = 0; i < 9; i++) recordSignIn("A@x.test", false, t + i);
    expect(signInLocked("a@x.test", t + 10)).toBe(false);
    recordSignIn("a@x.test", false, t + 11);
    expect(signInLocked("a@x.test", t + 12)).toBe(true);
    expect(signInLocked("a@x.test", t + 5 * 60 * 1000 + 20)).toBe(false);
  });

  it("never locks for successful sign-ins, and a success clears the failures", () => {
    const t = 2_000_000;
    for (let i = 0; i < 50; i++) recordSignIn("b@x.test", true, t + i);
    expect(signInLocked("b@x.test", t + 60)).toBe(false);
    for (let i = 0; i < 9; i++) recordSignIn("b@x.test", false, t + 100 + i);
    recordSignIn("b@x.test", true, t + 200);
    recordSignIn("b@x.test", false, t + 201);
    expect(signInLocked("b@x.test", t + 202)).toBe(false);
  });
});
