"use server";
// Server action behind the "Reassign owner" form. Authorization and validation live in
// lib/inventory/reassign-owner; the wrapper maps its coded errors into the form's state.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction } from "@/lib/http/action";
import type { ActionState } from "@/lib/http/action-state";
import { reassignOwner } from "@/lib/inventory/reassign-owner";

const reassign = formAction({
  input: z.object({ identityId: z.string(), ownerId: z.string().default(""), reason: z.string().optional() }),
  messages: { forbidden: "Only administrators can reassign owners." },
  async run(user, input) {
    const r = await reassignOwner({ actor: user }, input);
    revalidatePath(`/identities/${input.identityId}`);
    return {
      message: r.changed
        ? `Owner changed to ${r.to.team} · ${r.to.personName}. Recorded in the audit log.`
        : `${r.to.team} · ${r.to.personName} already owns this identity; nothing changed.`,
    };
  },
});

export async function reassignOwnerAction(prev: ActionState, form: FormData): Promise<ActionState> {
  return reassign(prev, form);
}
