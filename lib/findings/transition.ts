// The one way a finding's state changes by hand: lock the row, check the move is allowed from its
// current state, update it (bumping change_seq so API readers see the change) and return the
// audit record the verb appends in the same transaction.
import type { Actor } from "../auth/roles";
import { actorFields } from "../audit-log/append";
import { WardenError } from "../core/errors";
import { sql, type Runner, type Sql } from "../db/sql";

export type Status = "open" | "acknowledged" | "resolved" | "suppressed";

type Locked = { id: string; status: Status; title: string; detector: string; assignee_email: string | null };

export async function lockFinding(tx: Runner, id: string): Promise<Locked> {
  const f = await tx.one<Locked>(sql`
    SELECT id, status::text AS status, title, detector, assignee_email FROM findings WHERE id = ${id}::uuid FOR UPDATE`);
  if (!f) throw new WardenError("not_found", "This finding no longer exists", { field: "id" });
  return f;
}

export async function transition(
  tx: Runner, actor: Actor,
  opts: { id: string; to: Status; from: readonly Status[]; reason?: string | null; suppressedUntil?: Date | null; extra?: Sql },
) {
  const f = await lockFinding(tx, opts.id);
  if (!opts.from.includes(f.status)) {
    throw new WardenError("conflict", `This finding is ${f.status}; it cannot be made ${opts.to} from there`, { field: "status" });
  }
  const who = actorFields(actor).label;
  await tx.exec(sql`
    UPDATE findings SET status = ${opts.to}::finding_status, status_reason = ${opts.reason ?? null},
           suppressed_until = ${opts.suppressedUntil ?? null}::timestamptz, status_changed_at = now(), status_changed_by = ${who},
           updated_at = now(), change_seq = nextval('findings_change_seq')
     WHERE id = ${opts.id}::uuid`);
  return {
    result: { id: f.id, from: f.status, to: opts.to },
    audit: {
      targetType: "finding", targetId: f.id,
      detail: { from: f.status, to: opts.to, title: f.title, detector: f.detector, ...(opts.reason ? { reason: opts.reason } : {}),
        ...(opts.suppressedUntil ? { until: opts.suppressedUntil.toISOString() } : {}) },
    },
  };
}
