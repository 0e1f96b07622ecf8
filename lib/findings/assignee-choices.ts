// People a finding can be assigned to: the identity's accountable owner first, then Warden users.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";

export type AssigneeChoice = { email: string; name: string; note: string };

export const assigneeChoices = defineQuery({
  permission: "findings:manage",
  input: z.object({ identityId: z.uuid().optional() }),
  run: (db, { identityId }) => db.rows<AssigneeChoice>(sql`
    SELECT o.person_email AS email, o.person_name AS name, 'owner of ' || o.team AS note
      FROM identities i JOIN owners o ON o.id = i.owner_id WHERE i.id = ${identityId ?? null}::uuid
    UNION ALL
    SELECT email, name, role::text FROM (SELECT email, name, role FROM users WHERE disabled_at IS NULL ORDER BY name LIMIT 200) u`),
});
