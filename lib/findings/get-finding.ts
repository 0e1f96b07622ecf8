// One finding with its comments and its history (the Warden audit-log rows about it).
import { z } from "zod";
import { WardenError } from "../core/errors";
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";
import { FINDING_COLUMNS, findingView, type FindingRow } from "./finding-sql";

export type FindingComment = { id: string; author: string; body: string; at: string };
export type FindingHistoryEntry = { at: string; actor: string; action: string; detail: Record<string, unknown> };

export const getFinding = defineQuery({
  permission: "findings:read",
  input: z.object({ id: z.uuid() }),
  async run(db, { id }) {
    const row = await db.one<FindingRow>(sql`
      SELECT ${FINDING_COLUMNS} FROM findings f LEFT JOIN identities i ON i.id = f.identity_id WHERE f.id = ${id}::uuid`);
    if (!row) throw new WardenError("not_found", "This finding does not exist", { field: "id" });
    const [comments, history] = await Promise.all([
      db.rows<{ id: string; author_label: string; body: string; created_at: Date }>(sql`
        SELECT id, author_label, body, created_at FROM finding_comments WHERE finding_id = ${id}::uuid ORDER BY created_at`),
      db.rows<{ at: Date; actor_label: string; action: string; detail: Record<string, unknown> }>(sql`
        SELECT at, actor_label, action, detail FROM warden_audit_log
         WHERE target_type = 'finding' AND target_id = ${id} ORDER BY seq DESC LIMIT 200`),
    ]);
    return {
      finding: findingView(row),
      comments: comments.map((c): FindingComment => ({ id: c.id, author: c.author_label, body: c.body, at: c.created_at.toISOString() })),
      history: history.map((h): FindingHistoryEntry => ({ at: h.at.toISOString(), actor: h.actor_label, action: h.action, detail: h.detail })),
    };
  },
});
