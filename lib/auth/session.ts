// Resolves the signed-in user for server components, server actions and route handlers. The
// role is re-read from the database on every request, so a disabled or demoted account loses
// access at once rather than when its JWT expires.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db/client";
import { authOptions } from "./options";
import type { Actor } from "./roles";

export type UserActor = Extract<Actor, { kind: "user" }>;

// cache(): the layout and the page both ask during one render; the session is decoded and the
// user read once per request (outside a React render, e.g. in route handlers, it is a plain call).
export const currentUser = cache(async function currentUser(): Promise<UserActor | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const u = await db().user.findUnique({ where: { id } });
  if (!u || u.disabledAt) return null;
  return { kind: "user", id: u.id, email: u.email, name: u.name, role: u.role };
});

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<UserActor> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
