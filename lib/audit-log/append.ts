// Appends to Warden's own hash-chained audit log. Call it inside the same transaction as the
// change it records; the chain hash is computed by a database trigger (see 0001_init).
import type { Actor } from "../auth/roles";

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  detail?: Record<string, unknown>;
};

/** Anything with a tagged-template $executeRaw: the Prisma client or a transaction client. */
type RawExecutor = {
  $executeRaw: (query: TemplateStringsArray, ...values: unknown[]) => PromiseLike<number>;
};

export function actorFields(actor: Actor): { type: string; id: string | null; label: string } {
  if (actor.kind === "user") return { type: "user", id: actor.id, label: actor.email };
  if (actor.kind === "ingest-key") return { type: "ingest-key", id: actor.id, label: actor.name };
  return { type: "system", id: null, label: actor.name };
}

export async function appendAudit(tx: RawExecutor, actor: Actor, entry: AuditEntry): Promise<void> {
  const a = actorFields(actor);
  const detail = JSON.stringify(entry.detail ?? {});
  await tx.$executeRaw`INSERT INTO warden_audit_log
    (actor_type, actor_id, actor_label, action, target_type, target_id, detail)
    VALUES (${a.type}, ${a.id}, ${a.label}, ${entry.action}, ${entry.targetType},
            ${entry.targetId ?? null}, ${detail}::jsonb)`;
}

/** The same append for a node-postgres client inside a transaction (bulk paths such as ingest). */
export async function appendAuditPg(
  client: { query: (text: string, values: unknown[]) => Promise<unknown> },
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  const a = actorFields(actor);
  await client.query(
    `INSERT INTO warden_audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [a.type, a.id, a.label, entry.action, entry.targetType, entry.targetId ?? null, JSON.stringify(entry.detail ?? {})],
  );
}
