// The shape of a detector that runs on a schedule (schedule.ts) or on demand (run-detectors.ts):
// it reads the inventory and the rollups as of `now` and returns candidates. A state detector
// (dormant, ownerless, past rotation…) re-derives its whole set each run, so a finding it no
// longer produces is resolved by the run ("the condition no longer holds").
import type { z } from "zod";
import type { Runner } from "../db/sql";
import type { Candidate } from "./candidate";
import type { DetectorInfo } from "./detector";

export type ScheduledDetector<P extends z.ZodObject = z.ZodObject> = DetectorInfo<P> & {
  kind: "scheduled";
  /** How often the job queue runs it: a cron expression and its words. */
  cron: string;
  cadence: string;
  /** Findings this detector no longer produces are resolved by its run. */
  resolvesStale: boolean;
  run: (db: Runner, params: z.output<P>, now: Date) => Promise<Candidate[]>;
};

export function defineScheduledDetector<P extends z.ZodObject>(d: ScheduledDetector<P>): ScheduledDetector<P> {
  return d;
}
