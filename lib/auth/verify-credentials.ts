// Sign-in with a local account: the user for a correct email + password, otherwise null, in the
// same time either way. A successful sign-in is recorded (last sign-in, audit row) in one
// transaction. Authentication precedes any actor, so this uses the transaction helper directly
// (an allowed exception of the verb rule).
import { appendAudit } from "../audit-log/append";
import { sql, withTransaction, runner } from "../db/sql";
import type { UserRole } from "../db/generated/enums";
import { dummyHash, verifyPassword } from "./password";
import type { UserActor } from "./session";

export async function verifyCredentials(email: string, password: string): Promise<UserActor | null> {
  const u = await runner().one<{ id: string; email: string; name: string; role: UserRole; password_hash: string | null; disabled: boolean }>(sql`
    SELECT id, email, name, role, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE email = ${email.trim().toLowerCase()}`);
  if (!u || !u.password_hash || u.disabled) {
    await verifyPassword(await dummyHash(), password);
    return null;
  }
  if (!(await verifyPassword(u.password_hash, password))) return null;
  const actor: UserActor = { kind: "user", id: u.id, email: u.email, name: u.name, role: u.role };
  await withTransaction(undefined, async (tx) => {
    await tx.exec(sql`UPDATE users SET last_login_at = now() WHERE id = ${u.id}::uuid`);
    await appendAudit(tx, actor, { action: "user.sign_in", targetType: "user", targetId: u.id });
  });
  return actor;
}
