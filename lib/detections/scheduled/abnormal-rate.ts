// An hour with far more events than the identity's own usual active hour: mass enumeration,
// bulk export, or a leaked key driven by a script. Compared with the median of its active hours
// over the baseline, with a floor so quiet identities are not reported for a handful of calls.
import { z } from "zod";
import type { Candidate } from "../candidate";
import { daysAgo } from "../coverage";
import { defineScheduledDetector } from "../scheduled-detector";
import { activityProfiles } from "./activity-baseline";

const HOUR = 3_600_000;

export const abnormalRate = defineScheduledDetector({
  id: "abnormal-rate",
  title: "Abnormal activity rate",
  kind: "scheduled",
  severity: "medium",
  meaning: "The identity made many times more calls in an hour than it usually does: scripted enumeration, a bulk export, or automation gone wrong.",
  action: "Open the hour in the trail; if the volume is not a known job (backfill, migration), treat the credential as compromised.",
  owasp: ["NHI2:2025", "NHI5:2025"],
  soc2: ["CC7.2"],
  cron: "15 * * * *",
  cadence: "hourly",
  resolvesStale: false,
  params: z.object({
    factor: z.number().min(2).max(1000).default(10).describe("Times the median active hour an hour must exceed"),
    floor: z.number().int().min(1).max(1_000_000).default(200).describe("Events an hour must exceed whatever the median"),
    baselineDays: z.number().int().min(7).max(90).default(28).describe("Baseline (days)"),
    learningDays: z.number().int().min(1).max(90).default(7).describe("History an identity needs before it is judged (days)"),
  }),
  async run(db, p, now) {
    const to = new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
    const windowFrom = new Date(to.getTime() - 24 * HOUR);
    const profiles = await activityProfiles(db, { baselineFrom: daysAgo(windowFrom, p.baselineDays), windowFrom, to, learnedBefore: daysAgo(windowFrom, p.learningDays) });
    const out: Candidate[] = [];
    for (const pr of profiles) {
      const med = pr.medianActiveHour;
      const threshold = Math.max(p.floor, p.factor * med);
      const high = pr.recent.filter(([, n]) => n > threshold);
      if (high.length === 0) continue;
      const peak = high.reduce((a, b) => (b[1] > a[1] ? b : a));
      const first = new Date(high[0][0]);
      const last = new Date(Date.parse(high[high.length - 1][0]) + HOUR - 1);
      out.push({
        detector: "abnormal-rate", severity: peak[1] > 5 * threshold ? "high" : "medium", identityId: pr.identityId, subject: "",
        title: `${pr.name}: ${peak[1]} events in the hour of ${peak[0].slice(11, 16)} UTC, ${med ? `${Math.round(peak[1] / med)}×` : "far above"} its usual hour`,
        working: {
          rule: "An hour's events above max(floor, factor × the median of the identity's active hours)",
          inputs: { hours: high.map(([h, n]) => ({ hour: h, events: n })), medianActiveHour: med, baselineActiveHours: pr.activeHours },
          threshold: `> ${threshold} events in an hour (max(${p.floor}, ${p.factor} × ${med}))`,
          window: `last 24 hours against the ${p.baselineDays} days before`,
          coverage: `identity active since ${new Date(pr.firstActive).toISOString().slice(0, 10)} (learning period ${p.learningDays} days passed)`,
          evidence: { identity: pr.externalId, from: first.toISOString(), to: last.toISOString() },
        },
        occurrences: high.length, firstAt: first, lastAt: last,
      });
    }
    return out;
  },
});
