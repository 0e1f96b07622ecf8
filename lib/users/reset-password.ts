// Sets a new password (generated unless given) for an account and returns it, once.
import { z } from "zod";
import { generatePassword, hashPassword } from "../auth/password";
import { WardenError } from "../core/errors";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { Email, Password } from "./user-schema";

export const ResetPassword = z.object({ email: Email, password: Password.default(generatePassword) });

export const resetPassword = defineVerb({
  action: "user.reset_password",
  permission: "users:manage",
  input: ResetPassword,
  async run(tx, { email, password }) {
    const passwordHash = await hashPassword(password);
    const u = await tx.one<{ id: string }>(sql`UPDATE users SET password_hash = ${passwordHash} WHERE email = ${email} RETURNING id`);
    if (!u) throw new WardenError("not_found", `no account with email ${email}`, { field: "email" });
    return { result: password, audit: { targetType: "user", targetId: u.id, detail: { email } } };
  },
});
