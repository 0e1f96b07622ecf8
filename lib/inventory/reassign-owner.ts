// Reassigns an identity to another owner (team + accountable person). Admins only; the change
// and its audit row are written in one transaction, with the identity row locked so that two
// concurrent reassignments record the true "from" owner each.
import { z } from "zod";
import { appendAudit } from "../audit-log/append";
import { assertCan, type Actor } from "../auth/roles";
import { db } from "../db/client";

export const ReassignOwnerInput = z.object({
  identityId: z.uuid({ error: "Unknown identity" }),
  ownerId: z.uuid({ error: "Choose an owner" }),
  reason: z
    .string()
    .trim()
    .max(500, { error: "Keep the reason under 500 characters" })
    .optional()
    .transform((s) => s || undefined),
});
export type ReassignOwnerInput = z.input<typeof ReassignOwnerInput>;

export class ReassignOwnerError extends Error {
  constructor(
    readonly code: "identity_not_found" | "owner_not_found",
    message: string,
  ) {
    super(message);
  }
}

type OwnerRef = { id: string; team: string; personName: string; personEmail: string };
export type ReassignOwnerResult = { changed: boolean; from: OwnerRef | null; to: OwnerRef };

export async function reassignOwner(actor: Actor, input: ReassignOwnerInput): Promise<ReassignOwnerResult> {
  assertCan(actor, "inventory:write");
  const { identityId, ownerId, reason } = ReassignOwnerInput.parse(input);
  return db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string; name: string; external_id: string; owner_id: string | null }[]>`
      SELECT id, name, external_id, owner_id FROM identities WHERE id = ${identityId}::uuid FOR UPDATE`;
    const identity = locked[0];
    if (!identity) throw new ReassignOwnerError("identity_not_found", "This identity no longer exists");
    const select = { id: true, team: true, personName: true, personEmail: true } as const;
    const to = await tx.owner.findUnique({ where: { id: ownerId }, select });
    if (!to) throw new ReassignOwnerError("owner_not_found", "That owner no longer exists; reload and choose again");
    const from = identity.owner_id ? await tx.owner.findUnique({ where: { id: identity.owner_id }, select }) : null;
    if (from?.id === to.id) return { changed: false, from, to };
    await tx.identity.update({ where: { id: identityId }, data: { ownerId } });
    await appendAudit(tx, actor, {
      action: "identity.reassign_owner",
      targetType: "identity",
      targetId: identityId,
      detail: {
        identity: { name: identity.name, externalId: identity.external_id },
        from: from ? { id: from.id, team: from.team, person: from.personEmail } : null,
        to: { id: to.id, team: to.team, person: to.personEmail },
        ...(reason ? { reason } : {}),
      },
    });
    return { changed: true, from, to };
  });
}
