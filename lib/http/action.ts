// The one wrapper for server actions: the signed-in user, the form's fields parsed with zod, one
// lib call, and any WardenError mapped by code into the form's state (the field at fault and
// why). Anything else is a real failure and propagates to the error page.
import type { z } from "zod";
import type { UserActor } from "../auth/session";
import { requireUser } from "../auth/session";
import { asWardenError } from "../core/errors";
import type { ActionState } from "./action-state";
import { isDatabaseUnavailable } from "./problem";

/** The form's string fields (files and repeated keys are not used by Warden's forms). */
function formFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in out)) out[k] = v;
  return out;
}

export function formAction<S extends z.ZodType, T = undefined>(spec: {
  input: S;
  run: (user: UserActor, input: z.output<S>) => Promise<{ message?: string; data?: T }>;
  /** Messages per error code where the domain's own message is not the best one for this form. */
  messages?: Partial<Record<"forbidden" | "not_found" | "conflict", string>>;
}) {
  return async (_prev: ActionState<T>, form: FormData): Promise<ActionState<T>> => {
    const user = await requireUser();
    try {
      const input = spec.input.parse(formFields(form));
      const out = await spec.run(user, input);
      return { ok: true, ...out };
    } catch (e) {
      const w = asWardenError(e);
      if (w) {
        const custom = spec.messages?.[w.code as keyof NonNullable<typeof spec.messages>];
        return { ok: false, message: custom ?? w.message, field: w.field };
      }
      if (isDatabaseUnavailable(e)) return { ok: false, message: "The database is unavailable; nothing was changed. Try again shortly." };
      throw e;
    }
  };
}
