"use server";
// Server action behind the "Reassign owner" form: parse, one lib call, map domain errors to a
// message the form can show. Authorization and validation live in lib/inventory/reassign-owner.
import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import type { ReassignState } from "@/components/identity/reassign-owner-form";
import { ForbiddenError } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { reassignOwner, ReassignOwnerError } from "@/lib/inventory/reassign-owner";

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
};

export async function reassignOwnerAction(_prev: ReassignState, form: FormData): Promise<ReassignState> {
  const user = await requireUser();
  const identityId = field(form, "identityId") ?? "";
  try {
    const r = await reassignOwner(user, { identityId, ownerId: field(form, "ownerId") ?? "", reason: field(form, "reason") });
    revalidatePath(`/identities/${identityId}`);
    return r.changed
      ? { ok: true, message: `Owner changed to ${r.to.team} · ${r.to.personName}. Recorded in the audit log.` }
      : { ok: true, message: `${r.to.team} · ${r.to.personName} already owns this identity; nothing changed.` };
  } catch (e) {
    if (e instanceof ForbiddenError) return { ok: false, message: "Only administrators can reassign owners." };
    if (e instanceof ZodError) return { ok: false, message: e.issues[0]?.message ?? "Check the form and try again." };
    if (e instanceof ReassignOwnerError) return { ok: false, message: e.message };
    throw e;
  }
}
