// Server-side permission gate for a page: asks the one authorization choke point (assertCan)
// and renders the 403 panel instead of the page when the role may not see it. Hiding the nav
// entry is a courtesy; this check is what actually keeps the page closed.
import type { ReactNode } from "react";
import { assertCan, ForbiddenError, type Actor, type Permission } from "@/lib/auth/roles";
import { ForbiddenPanel } from "../ui/panels";
import { PageHeader } from "../ui/page-header";

export function Gate({
  actor,
  permission,
  area,
  children,
}: {
  actor: Extract<Actor, { kind: "user" }>;
  permission: Permission;
  area: string;
  children: ReactNode;
}) {
  try {
    assertCan(actor, permission);
  } catch (e) {
    if (!(e instanceof ForbiddenError)) throw e;
    return (
      <>
        <PageHeader title={area} />
        <ForbiddenPanel area={area} role={actor.role} />
      </>
    );
  }
  return <>{children}</>;
}
