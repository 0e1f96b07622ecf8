// Detection over an estate that arrived without passing through ingest (the demo estate on the
// first start, a restore): the ingest detectors over its stored events, then every scheduled
// detector once. Later runs come from the job queue (schedule.ts).
import type { Actor } from "../auth/roles";
import { backfillDetections } from "./backfill";
import { runDetectors } from "./run-detectors";

export async function detectStoredEstate(actor: Actor, opts: { days: number; now?: Date }) {
  const now = opts.now ?? new Date();
  const ingest = await backfillDetections({ actor }, { from: new Date(now.getTime() - (opts.days + 1) * 86_400_000), to: new Date(now.getTime() + 3_600_000) });
  const scheduled = await runDetectors({ actor }, { now });
  const raised = ingest.raised + scheduled.reduce((n, r) => n + r.raised, 0);
  return { events: ingest.events, raised, scheduled };
}
