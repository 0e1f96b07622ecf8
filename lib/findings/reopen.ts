// Reopen: a resolved or suppressed finding goes back to the queue.
import { z } from "zod";
import { defineVerb } from "../core/verb";
import { transition } from "./transition";

export const reopenFinding = defineVerb({
  action: "finding.reopen",
  permission: "findings:manage",
  input: z.object({ id: z.uuid(), note: z.string().trim().max(2000).optional() }),
  run: (tx, { id, note }, actor) => transition(tx, actor, { id, to: "open", from: ["resolved", "suppressed", "acknowledged"], reason: note ?? "reopened" }),
});
