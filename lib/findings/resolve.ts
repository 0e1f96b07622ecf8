// Resolve: the risk is dealt with (credential rotated, grant revoked) or was not a risk. A
// resolution says which; if the detector raises the same finding again, it is reopened.
import { z } from "zod";
import { defineVerb } from "../core/verb";
import { transition } from "./transition";

export const RESOLUTIONS = ["fixed", "false_positive", "accepted_risk"] as const;

export const resolveFinding = defineVerb({
  action: "finding.resolve",
  permission: "findings:manage",
  input: z.object({
    id: z.uuid(),
    resolution: z.enum(RESOLUTIONS),
    note: z.string().trim().max(2000).optional(),
  }),
  run: (tx, { id, resolution, note }, actor) =>
    transition(tx, actor, { id, to: "resolved", from: ["open", "acknowledged", "suppressed"], reason: note ? `${resolution}: ${note}` : resolution }),
});
