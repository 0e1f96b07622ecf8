// Appends to Warden's own hash-chained audit log. Only verbs call it (lib/core/verb.ts), inside
// the same transaction as the change it records; the chain hash is computed by a database
// trigger (see 0001_init).
import type { Actor } from "../auth/roles";
import { sql, type Runner } from "../db/sql";

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  detail?: Record<string, unknown>;
};

export function actorFields(actor: Actor): { type: string; id: string | null; label: string } {
  if (actor.kind === "user") return { type: "user", id: actor.id, label: actor.email };
  if (actor.kind === "ingest-key") return { type: "ingest-key", id: actor.id, label: actor.name };
  return { type: "system", id: null, label: actor.name };
}

export async function appendAudit(tx: Runner, actor: Actor, entry: AuditEntry): Promise<void> {
  if (!tx.inTransaction) throw new Error("appendAudit must run inside the transaction of the change it records");
  const a = actorFields(actor);
  await tx.exec(sql`INSERT INTO warden_audit_log
    (actor_type, actor_id, actor_label, action, target_type, target_id, detail)
    VALUES (${a.type}, ${a.id}, ${a.label}, ${entry.action}, ${entry.targetType},
            ${entry.targetId ?? null}, ${JSON.stringify(entry.detail ?? {})}::jsonb)`);
}
