// The page edge: the signed-in user (or a redirect to sign-in), the page's permission checked
// through lib/auth (the 403 panel, not the error page, when the role may not open it), and domain
// errors from the page's own reads mapped by code: forbidden → the 403 panel, not_found → the
// not-found page. Hiding a nav entry is a courtesy; this check and lib's own keep a page closed.
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { can, type Permission } from "@/lib/auth/roles";
import { requireUser, type UserActor } from "@/lib/auth/session";
import { isWardenError } from "@/lib/core/errors";
import { ForbiddenPanel } from "../ui/panels";
import { PageHeader } from "../ui/page-header";

function Forbidden({ area, role }: { area: string; role: string }) {
  return (
    <>
      <PageHeader title={area} />
      <ForbiddenPanel area={area} role={role} />
    </>
  );
}

/**
 * Renders `render(user)` when the user may `permission`. Reads the page awaits inside `render`
 * are mapped too; sections that stream in behind Suspense check for themselves.
 */
export async function guardedPage(
  opts: { permission: Permission; area: string },
  render: (user: UserActor) => ReactNode | Promise<ReactNode>,
): Promise<ReactNode> {
  const user = await requireUser();
  if (!can(user, opts.permission)) return <Forbidden area={opts.area} role={user.role} />;
  try {
    return await render(user);
  } catch (e) {
    if (isWardenError(e, "forbidden")) return <Forbidden area={opts.area} role={user.role} />;
    if (isWardenError(e, "not_found")) notFound();
    throw e;
  }
}
