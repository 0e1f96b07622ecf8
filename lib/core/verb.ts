// The shape of every domain operation. A *verb* changes state: it checks the permission first,
// parses its input with its zod schema, runs in one transaction and appends its Warden audit row
// in that same transaction. A *query* reads: permission first, then input, then the read. Both
// take `{ actor, tx? }` and throw WardenError; edges (lib/http/route.ts, action.ts, lib/auth/page.ts)
// map the error code. A test (lib/core/verb-rule.test.ts) fails when lib/<feature>/ code reaches the
// database any other way.
import type { z } from "zod";
import { appendAudit, type AuditEntry } from "../audit-log/append";
import { assertCan, type Actor, type Permission } from "../auth/roles";
import { runner, withTransaction, type Runner, type TransactionOptions } from "../db/sql";
import { fromZod } from "./errors";

export type Ctx = { actor: Actor; tx?: Runner };

/** What the Warden audit log records for one verb call; the action name comes from the verb. */
export type AuditRecord = Omit<AuditEntry, "action"> & { action?: string };

/** `audit: null` only when nothing changed (e.g. reassigning to the current owner). */
export type VerbOutcome<R> = { result: R; audit: AuditRecord | null };

type Schema = z.ZodType;

function parseInput<S extends Schema>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

export type Verb<S extends Schema, R> = ((ctx: Ctx, input: z.input<S>) => Promise<R>) & {
  readonly action: string;
  readonly permission: Permission;
};

export function defineVerb<S extends Schema, R>(spec: {
  /** Audit-log action, `<target>.<verb>`, e.g. `identity.reassign_owner`. */
  action: string;
  permission: Permission;
  input: S;
  run: (tx: Runner, input: z.output<S>, actor: Actor) => Promise<VerbOutcome<R>>;
  transaction?: Omit<TransactionOptions, "pool">;
  /** Runs once the verb's transaction has returned (process-local follow-ups such as caches). */
  afterCommit?: (result: R) => void;
}): Verb<S, R> {
  const verb = async (ctx: Ctx, input: z.input<S>): Promise<R> => {
    assertCan(ctx.actor, spec.permission);
    const data = parseInput(spec.input, input);
    const result = await withTransaction(
      ctx,
      async (tx) => {
        const out = await spec.run(tx, data, ctx.actor);
        if (out.audit) await appendAudit(tx, ctx.actor, { ...out.audit, action: out.audit.action ?? spec.action });
        return out.result;
      },
      spec.transaction,
    );
    spec.afterCommit?.(result);
    return result;
  };
  return Object.assign(verb, { action: spec.action, permission: spec.permission });
}

export type Query<S extends Schema | undefined, R> = ((
  ctx: Ctx,
  ...input: S extends Schema ? [z.input<S>] : []
) => Promise<R>) & { readonly permission: Permission };

export function defineQuery<R, S extends Schema | undefined = undefined>(spec: {
  permission: Permission;
  input?: S;
  run: (db: Runner, input: S extends Schema ? z.output<S> : undefined, actor: Actor) => Promise<R>;
}): Query<S, R> {
  const query = async (ctx: Ctx, ...args: unknown[]): Promise<R> => {
    assertCan(ctx.actor, spec.permission);
    const data = spec.input ? parseInput(spec.input, args[0]) : undefined;
    return spec.run(runner(ctx), data as S extends Schema ? z.output<S> : undefined, ctx.actor);
  };
  return Object.assign(query, { permission: spec.permission }) as Query<S, R>;
}
