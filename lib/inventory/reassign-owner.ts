// Reassigns an identity to another owner (team + accountable person). Admins only. The identity
// row is locked so that two concurrent reassignments each record the true "from" owner.
import { z } from "zod";
import { WardenError } from "../core/errors";
import { defineVerb } from "../core/verb";
import { sql, type Runner } from "../db/sql";

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

type OwnerRef = { id: string; team: string; personName: string; personEmail: string };
export type ReassignOwnerResult = { changed: boolean; from: OwnerRef | null; to: OwnerRef };

const ownerById = (tx: Runner, id: string) =>
  tx.one<OwnerRef>(sql`SELECT id, team, person_name AS "personName", person_email AS "personEmail" FROM owners WHERE id = ${id}::uuid`);

export const reassignOwner = defineVerb({
  action: "identity.reassign_owner",
  permission: "inventory:write",
  input: ReassignOwnerInput,
  async run(tx, { identityId, ownerId, reason }) {
    const identity = await tx.one<{ id: string; name: string; external_id: string; owner_id: string | null }>(sql`
      SELECT id, name, external_id, owner_id FROM identities WHERE id = ${identityId}::uuid FOR UPDATE`);
    if (!identity) throw new WardenError("not_found", "This identity no longer exists", { field: "identityId" });
    const to = await ownerById(tx, ownerId);
    if (!to) throw new WardenError("not_found", "That owner no longer exists; reload and choose again", { field: "ownerId" });
    const from = identity.owner_id ? ((await ownerById(tx, identity.owner_id)) ?? null) : null;
    if (from?.id === to.id) return { result: { changed: false, from, to }, audit: null };
    await tx.exec(sql`UPDATE identities SET owner_id = ${ownerId}::uuid WHERE id = ${identityId}::uuid`);
    return {
      result: { changed: true, from, to },
      audit: {
        targetType: "identity",
        targetId: identityId,
        detail: {
          identity: { name: identity.name, externalId: identity.external_id },
          from: from ? { id: from.id, team: from.team, person: from.personEmail } : null,
          to: { id: to.id, team: to.team, person: to.personEmail },
          ...(reason ? { reason } : {}),
        },
      },
    };
  },
});
