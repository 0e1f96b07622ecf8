// Creates a local account (Argon2id hash; the password itself is never stored).
import { hashPassword } from "../auth/password";
import { WardenError } from "../core/errors";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { NewUser, type UserActor } from "./user-schema";

export const createUser = defineVerb({
  action: "user.create",
  permission: "users:manage",
  input: NewUser,
  async run(tx, data) {
    const passwordHash = await hashPassword(data.password);
    const u = await tx.one<{ id: string }>(sql`
      INSERT INTO users (email, name, role, password_hash)
      VALUES (${data.email}, ${data.name}, ${data.role}::user_role, ${passwordHash})
      ON CONFLICT (email) DO NOTHING RETURNING id`);
    if (!u) throw new WardenError("conflict", `an account with email ${data.email} already exists`, { field: "email" });
    const user: UserActor = { kind: "user", id: u.id, email: data.email, name: data.name, role: data.role };
    return { result: user, audit: { targetType: "user", targetId: u.id, detail: { email: data.email, role: data.role } } };
  },
});
