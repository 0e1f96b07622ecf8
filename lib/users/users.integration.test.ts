// Local accounts on real PostgreSQL: creation and password resets are Argon2id-hashed and
// audited, sign-in checks the hash and records itself, and only admins may manage accounts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../auth/roles";
import { verifyCredentials } from "../auth/verify-credentials";
import { createTestDatabase, type TestDb } from "../test/db";
import { NON_ADMINS, userActor } from "../test/actors";
import { bootstrapAdmin } from "./bootstrap-admin";
import { createUser } from "./create-user";
import { resetPassword } from "./reset-password";

let t: TestDb;
const admin = { actor: userActor("admin") };
const PASSWORD = "correct horse battery";

const audit = async (action: string) =>
  (await t.pool.query("SELECT actor_label, target_id, detail FROM warden_audit_log WHERE action = $1 ORDER BY seq", [action])).rows;

beforeAll(async () => {
  t = await createTestDatabase("users");
});
afterAll(() => t?.close());

describe("user verbs", () => {
  it("bootstraps one admin on first start only, with a generated password returned once", async () => {
    const first = await bootstrapAdmin({ email: "Root@Example.com" });
    expect(first).toMatchObject({ email: "root@example.com", created: true });
    expect(first.password).toMatch(/^[\w-]{20,}$/);
    expect(await verifyCredentials("root@example.com", first.password!)).toMatchObject({ role: "admin" });
    expect(await bootstrapAdmin({ email: "other@example.com" })).toEqual({ email: "other@example.com", created: false });
    expect(Number((await t.pool.query("SELECT count(*) FROM users")).rows[0].count)).toBe(1);
  });

  it("creates an account with an Argon2id hash (never the password) and audits it", async () => {
    const u = await createUser(admin, { email: "Ana@Example.com", name: "Ana", role: "reviewer", password: PASSWORD });
    expect(u).toMatchObject({ kind: "user", email: "ana@example.com", role: "reviewer" });
    const { rows } = await t.pool.query("SELECT password_hash FROM users WHERE id = $1", [u.id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain(PASSWORD);
    expect(await audit("user.create")).toContainEqual({ actor_label: "admin1@example.com", target_id: u.id, detail: { email: "ana@example.com", role: "reviewer" } });
  });

  it("refuses a duplicate email and a short password, naming the field", async () => {
    await expect(createUser(admin, { email: "ana@example.com", name: "Ana 2", role: "viewer", password: PASSWORD })).rejects.toMatchObject({ code: "conflict", field: "email" });
    await expect(createUser(admin, { email: "bo@example.com", name: "Bo", role: "viewer", password: "short" })).rejects.toMatchObject({ code: "invalid", field: "password" });
  });

  it("refuses every role but admin for create and reset-password, changing nothing", async () => {
    const before = (await t.pool.query("SELECT email, password_hash FROM users ORDER BY email")).rows;
    for (const actor of NON_ADMINS) {
      await expect(createUser({ actor }, { email: "x@example.com", name: "X", role: "admin", password: PASSWORD })).rejects.toMatchObject({ code: "forbidden" });
      await expect(resetPassword({ actor }, { email: "ana@example.com" })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect((await t.pool.query("SELECT email, password_hash FROM users ORDER BY email")).rows).toEqual(before);
  });

  it("resets a password: the old one stops working, the new one works, and the reset is audited", async () => {
    const fresh = await resetPassword({ actor: SYSTEM }, { email: "ana@example.com" });
    expect(await verifyCredentials("ana@example.com", PASSWORD)).toBeNull();
    expect(await verifyCredentials("ANA@example.com ", fresh)).toMatchObject({ email: "ana@example.com" });
    expect((await audit("user.reset_password")).at(-1)).toMatchObject({ actor_label: "warden", detail: { email: "ana@example.com" } });
    await expect(resetPassword(admin, { email: "nobody@example.com" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("records a successful sign-in (last sign-in and audit row) and nothing for a failed or disabled one", async () => {
    const signIns = (await audit("user.sign_in")).length;
    await createUser(admin, { email: "cy@example.com", name: "Cy", role: "viewer", password: PASSWORD });
    expect(await verifyCredentials("cy@example.com", "wrong password!!")).toBeNull();
    expect(await verifyCredentials("nobody@example.com", PASSWORD)).toBeNull();
    expect(await audit("user.sign_in")).toHaveLength(signIns);
    const u = await verifyCredentials("cy@example.com", PASSWORD);
    expect(await audit("user.sign_in")).toHaveLength(signIns + 1);
    expect((await t.pool.query("SELECT last_login_at FROM users WHERE id = $1", [u!.id])).rows[0].last_login_at).toBeInstanceOf(Date);
    await t.pool.query("UPDATE users SET disabled_at = now() WHERE id = $1", [u!.id]);
    expect(await verifyCredentials("cy@example.com", PASSWORD)).toBeNull();
  });
});
