// Suppressions that have passed their expiry go back to open (the job queue runs this every few
// minutes; schedule.ts). Each one is a row in Warden's audit log.
import { z } from "zod";
import { appendAudit } from "../audit-log/append";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";

export const expireSuppressions = defineVerb({
  action: "finding.suppression_expired",
  permission: "findings:manage",
  input: z.object({ now: z.date().default(() => new Date()) }),
  async run(tx, { now }, actor) {
    const rows = await tx.rows<{ id: string; title: string; until: Date }>(sql`
      UPDATE findings SET status = 'open', status_reason = 'suppression expired', suppressed_until = NULL, status_changed_at = ${now}::timestamptz,
             status_changed_by = 'warden', updated_at = ${now}::timestamptz, change_seq = nextval('findings_change_seq')
       WHERE status = 'suppressed' AND suppressed_until <= ${now}::timestamptz
      RETURNING id, title, ${now}::timestamptz AS until`);
    for (const r of rows) {
      await appendAudit(tx, actor, { action: "finding.suppression_expired", targetType: "finding", targetId: r.id, detail: { title: r.title } });
    }
    return { result: { reopened: rows.length }, audit: null };
  },
});
