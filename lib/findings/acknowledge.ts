// Acknowledge: someone has seen the finding and is on it; it stays in the active queue.
import { z } from "zod";
import { defineVerb } from "../core/verb";
import { transition } from "./transition";

export const acknowledgeFinding = defineVerb({
  action: "finding.acknowledge",
  permission: "findings:manage",
  input: z.object({ id: z.uuid(), note: z.string().trim().max(2000).optional() }),
  run: (tx, { id, note }, actor) => transition(tx, actor, { id, to: "acknowledged", from: ["open"], reason: note }),
});
