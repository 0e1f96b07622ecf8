// On first start, creates the admin account. The password comes from WARDEN_ADMIN_PASSWORD or is
// generated and returned once for printing; it is never stored in clear.
import { generatePassword } from "../auth/password";
import { SYSTEM } from "../auth/roles";
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";
import { createUser } from "./create-user";

const adminCount = defineQuery({
  permission: "users:manage",
  run: async (db) => (await db.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`))!.n,
});

export type Bootstrap = { email: string; password?: string; created: boolean };

export async function bootstrapAdmin(opts: { email?: string; password?: string }): Promise<Bootstrap> {
  const email = (opts.email ?? "admin@warden.local").toLowerCase();
  if ((await adminCount({ actor: SYSTEM })) > 0) return { email, created: false };
  const password = opts.password ?? generatePassword();
  await createUser({ actor: SYSTEM }, { email, name: "Warden admin", role: "admin", password });
  return { email, password: opts.password ? undefined : password, created: true };
}
