// Resolves the signed-in user for server components, server actions and route handlers. The
// role is re-read from the database on every request, so a disabled or demoted account loses
// access at once rather than when its JWT expires. Authentication precedes any actor, so this
// reads through the runner directly (an allowed exception of the verb rule).
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { runner, sql } from "../db/sql";
import type { UserRole } from "../db/generated/enums";
import { authOptions } from "./options";
import type { Actor } from "./roles";

export type UserActor = Extract<Actor, { kind: "user" }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// cache(): the layout and the page both ask during one render; the session is decoded and the
// user read once per request (outside a React render, e.g. in route handlers, it is a plain call).
export const currentUser = cache(async function currentUser(): Promise<UserActor | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id || !UUID.test(id)) return null;
  const u = await runner().one<{ id: string; email: string; name: string; role: UserRole }>(sql`
    SELECT id, email, name, role FROM users WHERE id = ${id}::uuid AND disabled_at IS NULL`);
  return u ? { kind: "user", ...u } : null;
});

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<UserActor> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
