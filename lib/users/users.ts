// Local accounts: creation (audited), sign-in verification and the first-start bootstrap admin.
import { z } from "zod";
import { appendAudit } from "../audit-log/append";
import { assertCan, SYSTEM, type Actor } from "../auth/roles";
import { dummyHash, generatePassword, hashPassword, verifyPassword } from "../auth/password";
import type { Db } from "../db/client";
import { UserRole } from "../db/generated/enums";

export const NewUser = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(120),
  role: z.enum(UserRole),
  password: z.string().min(12, "password must be at least 12 characters").max(256),
});
export type NewUser = z.input<typeof NewUser>;

export type UserActor = Extract<Actor, { kind: "user" }>;

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<UserActor> {
  assertCan(actor, "users:manage");
  const data = NewUser.parse(input);
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    const u = await tx.user.create({
      data: { email: data.email, name: data.name, role: data.role, passwordHash },
    });
    await appendAudit(tx, actor, {
      action: "user.create",
      targetType: "user",
      targetId: u.id,
      detail: { email: u.email, role: u.role },
    });
    return { kind: "user", id: u.id, email: u.email, name: u.name, role: u.role };
  });
}

/** Returns the user for a correct email + password, otherwise null (same timing either way). */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<UserActor | null> {
  const u = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!u || !u.passwordHash || u.disabledAt) {
    await verifyPassword(await dummyHash(), password);
    return null;
  }
  if (!(await verifyPassword(u.passwordHash, password))) return null;
  const actor: UserActor = { kind: "user", id: u.id, email: u.email, name: u.name, role: u.role };
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: u.id }, data: { lastLoginAt: new Date() } });
    await appendAudit(tx, actor, { action: "user.sign_in", targetType: "user", targetId: u.id });
  });
  return actor;
}

export type Bootstrap = { email: string; password?: string; created: boolean };

/**
 * On first start, creates the admin account. The password comes from WARDEN_ADMIN_PASSWORD or is
 * generated and returned once for printing; it is never stored in clear.
 */
export async function bootstrapAdmin(db: Db, opts: { email?: string; password?: string }): Promise<Bootstrap> {
  const email = (opts.email ?? "admin@warden.local").toLowerCase();
  if ((await db.user.count({ where: { role: "admin" } })) > 0) return { email, created: false };
  const password = opts.password ?? generatePassword();
  await createUser(db, SYSTEM, { email, name: "Warden admin", role: "admin", password });
  return { email, password: opts.password ? undefined : password, created: true };
}

/** Sets a new password (generated unless given) for an account; audited. Returns the password. */
export async function resetPassword(db: Db, actor: Actor, email: string, password = generatePassword()): Promise<string> {
  assertCan(actor, "users:manage");
  const { password: checked } = NewUser.pick({ password: true }).parse({ password });
  const passwordHash = await hashPassword(checked);
  await db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!u) throw new UnknownUserError(`no account with email ${email}`);
    await tx.user.update({ where: { id: u.id }, data: { passwordHash } });
    await appendAudit(tx, actor, { action: "user.reset_password", targetType: "user", targetId: u.id, detail: { email: u.email } });
  });
  return checked;
}

export class UnknownUserError extends Error {}
