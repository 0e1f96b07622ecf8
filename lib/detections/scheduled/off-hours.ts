// Activity at hours the identity is never active at: an identity's own hour-of-day profile over
// the baseline (default 28 days before the last 24 hours) against the last 24 hours. Round-the-
// clock workloads have no off-hours and are skipped; identities with less history than the
// learning period are not judged.
import { z } from "zod";
import type { Candidate } from "../candidate";
import { daysAgo } from "../coverage";
import { defineScheduledDetector } from "../scheduled-detector";
import { activityProfiles } from "./activity-baseline";

const HOUR = 3_600_000;

export const offHours = defineScheduledDetector({
  id: "off-hours",
  title: "Activity outside the identity's usual hours",
  kind: "scheduled",
  severity: "medium",
  meaning: "The identity acted at an hour of the day it has not acted at in weeks. Scheduled workloads keep their hours; a stolen key is used when its thief works.",
  action: "Look at what it did in those hours (the trail is filtered to them). If no job or person explains it, rotate the credential.",
  owasp: ["NHI2:2025", "NHI4:2025"],
  soc2: ["CC7.2"],
  cron: "10 * * * *",
  cadence: "hourly",
  resolvesStale: false,
  params: z.object({
    baselineDays: z.number().int().min(7).max(90).default(28).describe("Baseline the hour-of-day profile is learnt from (days)"),
    learningDays: z.number().int().min(1).max(90).default(14).describe("History an identity needs before it is judged (days)"),
    maxActiveShare: z.number().min(0.1).max(1).default(0.6).describe("Skip identities active in more than this share of the hours of the day"),
    minEvents: z.number().int().min(1).max(1000).default(3).describe("Events in an unusual hour needed to report it"),
    minBaselineEvents: z.number().int().min(1).max(1_000_000).default(40).describe("Events the baseline needs before its quiet hours mean anything"),
    marginHours: z.number().int().min(0).max(6).default(2).describe("Hours next to a usual hour that are not unusual"),
  }),
  async run(db, p, now) {
    const to = new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
    const windowFrom = new Date(to.getTime() - 24 * HOUR);
    const profiles = await activityProfiles(db, { baselineFrom: daysAgo(windowFrom, p.baselineDays), windowFrom, to, learnedBefore: daysAgo(windowFrom, p.learningDays) });
    const out: Candidate[] = [];
    for (const pr of profiles) {
      const usual = pr.byHour.map((n, h) => [h, n] as const).filter(([, n]) => n > 0).map(([h]) => h);
      if (usual.length === 0 || usual.length / 24 > p.maxActiveShare) continue;
      if (pr.byHour.reduce((a, b) => a + b, 0) < p.minBaselineEvents) continue;
      // Circular distance to the nearest usual hour: 19:00 next to a 09–18 profile is not "odd".
      const far = (h: number) => usual.every((u) => Math.min(Math.abs(u - h), 24 - Math.abs(u - h)) > p.marginHours);
      const odd = pr.recent.filter(([hour, n]) => n >= p.minEvents && far(new Date(hour).getUTCHours()));
      if (odd.length === 0) continue;
      const first = new Date(odd[0][0]);
      const last = new Date(Date.parse(odd[odd.length - 1][0]) + HOUR - 1);
      out.push({
        detector: "off-hours", severity: odd.length > 2 ? "high" : "medium", identityId: pr.identityId, subject: "",
        title: `${pr.name} active at ${odd.map(([h]) => h.slice(11, 16)).join(", ")} UTC, hours it is never active at`,
        working: {
          rule: "Events in an hour of the day far from every hour the identity was active at across its baseline",
          inputs: { unusualHours: odd.map(([h, n]) => ({ hour: h, events: n })), usualHoursUtc: usual, profileByHourUtc: pr.byHour },
          threshold: `≥ ${p.minEvents} events in an hour more than ${p.marginHours} h from any usual hour; profile active in ≤ ${Math.round(p.maxActiveShare * 24)} of 24 hours with ≥ ${p.minBaselineEvents} events`,
          window: `last 24 hours against the ${p.baselineDays} days before`,
          coverage: `identity active since ${new Date(pr.firstActive).toISOString().slice(0, 10)} (learning period ${p.learningDays} days passed)`,
          evidence: { identity: pr.externalId, from: first.toISOString(), to: last.toISOString() },
        },
        occurrences: odd.reduce((s, [, n]) => s + n, 0), firstAt: first, lastAt: last,
      });
    }
    return out;
  },
});
