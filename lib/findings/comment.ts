// A comment on a finding: investigation notes, ticket links. Comments are never edited.
import { z } from "zod";
import { actorFields } from "../audit-log/append";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { lockFinding } from "./transition";

export const commentFinding = defineVerb({
  action: "finding.comment",
  permission: "findings:manage",
  input: z.object({ id: z.uuid(), body: z.string().trim().min(1, "write something").max(5000) }),
  async run(tx, { id, body }, actor) {
    const f = await lockFinding(tx, id);
    const a = actorFields(actor);
    const row = await tx.one<{ id: string }>(sql`
      INSERT INTO finding_comments (finding_id, author_id, author_label, body) VALUES (${id}::uuid, ${a.id}, ${a.label}, ${body}) RETURNING id`);
    await tx.exec(sql`UPDATE findings SET updated_at = now(), change_seq = nextval('findings_change_seq') WHERE id = ${id}::uuid`);
    return { result: { id: row!.id }, audit: { targetType: "finding", targetId: f.id, detail: { comment: body.slice(0, 500) } } };
  },
});
