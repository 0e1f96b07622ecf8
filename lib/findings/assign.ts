// Assign a finding to a person: a Warden user or the identity's accountable owner (the default at
// opening). Empty email unassigns.
import { z } from "zod";
import { WardenError } from "../core/errors";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { lockFinding } from "./transition";

export const assignFinding = defineVerb({
  action: "finding.assign",
  permission: "findings:manage",
  input: z.object({ id: z.uuid(), email: z.union([z.email(), z.literal("")]) }),
  async run(tx, { id, email }) {
    const f = await lockFinding(tx, id);
    let name: string | null = null;
    if (email) {
      const person = await tx.one<{ name: string }>(sql`
        SELECT name FROM users WHERE lower(email) = lower(${email}) AND disabled_at IS NULL
        UNION ALL SELECT person_name FROM owners WHERE lower(person_email) = lower(${email}) LIMIT 1`);
      if (!person) throw new WardenError("invalid", "email: not a Warden user or an owner on record", { field: "email" });
      name = person.name;
    }
    if ((f.assignee_email ?? "") === email) return { result: { id, changed: false }, audit: null };
    await tx.exec(sql`
      UPDATE findings SET assignee_email = ${email || null}, assignee_name = ${name}, updated_at = now(), change_seq = nextval('findings_change_seq')
       WHERE id = ${id}::uuid`);
    return { result: { id, changed: true }, audit: { targetType: "finding", targetId: id, detail: { from: f.assignee_email, to: email || null, title: f.title } } };
  },
});
