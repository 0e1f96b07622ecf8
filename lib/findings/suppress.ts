// Suppress: known and accepted for a while (a migration, a vendor's fix date). A reason and an
// expiry are required; when the expiry passes the finding is open again (expire-suppressions.ts,
// or at once if the detector raises it after the expiry).
import { z } from "zod";
import { WardenError } from "../core/errors";
import { defineVerb } from "../core/verb";
import { transition } from "./transition";

const MAX_DAYS = 365;

export const suppressFinding = defineVerb({
  action: "finding.suppress",
  permission: "findings:manage",
  input: z.object({
    id: z.uuid(),
    reason: z.string().trim().min(3, "say why it is suppressed").max(2000),
    until: z.coerce.date(),
    now: z.date().default(() => new Date()),
  }),
  async run(tx, { id, reason, until, now }, actor) {
    if (until.getTime() <= now.getTime()) throw new WardenError("invalid", "until: the expiry must be in the future", { field: "until" });
    if (until.getTime() > now.getTime() + MAX_DAYS * 86_400_000) {
      throw new WardenError("invalid", `until: a suppression may last at most ${MAX_DAYS} days`, { field: "until" });
    }
    return transition(tx, actor, { id, to: "suppressed", from: ["open", "acknowledged", "suppressed"], reason, suppressedUntil: until });
  },
});
