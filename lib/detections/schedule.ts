// The detection jobs for the job queue (the reviews feature's pg-boss queue registers these at
// start; no timer of our own): every scheduled detector on its cadence, the fold of ingest's
// candidates (a safety net behind the per-process fold, for candidates a crash left behind) and
// the expiry of suppressions. Each handler is idempotent and takes its own advisory lock, so two
// Warden instances on one database may both run it.
import type pg from "pg";
import { SYSTEM } from "../auth/roles";
import { expireSuppressions } from "../findings/expire-suppressions";
import { foldCandidates } from "./fold";
import { runDetectors } from "./run-detectors";
import { SCHEDULED_DETECTORS } from "./scheduled-detectors";

export type DetectionJob = {
  /** Queue name, e.g. `detect.unused-grants`. */
  name: string;
  /** Cron expression (UTC) the queue schedules the job with, and the same in words. */
  cron: string;
  cadence: string;
  handler: (pool?: pg.Pool) => Promise<unknown>;
};

export const DETECTION_JOBS: readonly DetectionJob[] = [
  ...SCHEDULED_DETECTORS.map((d) => ({
    name: `detect.${d.id}`,
    cron: d.cron,
    cadence: d.cadence,
    handler: () => runDetectors({ actor: SYSTEM }, { detector: d.id }),
  })),
  { name: "detect.fold-candidates", cron: "* * * * *", cadence: "every minute", handler: (pool) => foldCandidates(pool, { wait: true }) },
  { name: "findings.expire-suppressions", cron: "*/5 * * * *", cadence: "every 5 minutes", handler: () => expireSuppressions({ actor: SYSTEM }, {}) },
];
