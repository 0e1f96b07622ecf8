// Denial bursts and probing: the denials page's spike rule (an hour above max(10, 5 × the
// identity's median hourly denials); probing when it spans ≥ 10 distinct resources), read by the
// same query the page uses, so the page and the finding never disagree.
import { z } from "zod";
import { denialSpikes } from "../../analytics/denials";
import { PROBING_MIN_RESOURCES, SPIKE_FACTOR, SPIKE_FLOOR } from "../../analytics/denials-spikes";
import type { Candidate } from "../candidate";
import { DETECTIONS_ACTOR } from "../record";
import { defineScheduledDetector } from "../scheduled-detector";

export const denialBurst = defineScheduledDetector({
  id: "denial-burst",
  title: "Denial burst or probing",
  kind: "scheduled",
  severity: "high",
  meaning: "An identity was refused far more often than it normally is within one hour; across many resources that is someone walking the API with its credential to see what it can reach.",
  action: "Check the trail of that hour: a deploy with a broken policy explains a burst on one resource; probing across many resources means the credential is in the wrong hands — rotate it.",
  owasp: ["NHI4:2025", "NHI2:2025"],
  soc2: ["CC7.2", "CC7.3"],
  cron: "5 * * * *",
  cadence: "hourly",
  resolvesStale: false,
  params: z.object({
    window: z.enum(["24h", "7d"]).default("7d").describe("Look-back the spike rule runs over"),
  }),
  async run(db, p, now) {
    const spikes = await denialSpikes({ actor: DETECTIONS_ACTOR, tx: db }, { window: p.window, now });
    const byIdentity = new Map<string, typeof spikes>();
    for (const s of spikes) byIdentity.set(s.identity.id, [...(byIdentity.get(s.identity.id) ?? []), s]);
    const out: Candidate[] = [];
    for (const [identityId, list] of byIdentity) {
      const worst = list.reduce((a, b) => (b.denials > a.denials ? b : a));
      const probing = list.some((s) => s.kind === "probing");
      const first = new Date(Math.min(...list.map((s) => Date.parse(s.hour))));
      const last = new Date(Math.max(...list.map((s) => Date.parse(s.hour))) + 3_599_999);
      out.push({
        detector: "denial-burst", severity: probing ? "high" : "medium", identityId, subject: "",
        title: `${worst.identity.name}: ${probing ? "probing" : "denial burst"}, ${worst.denials} denials in one hour over ${worst.distinctResources} resources`,
        working: {
          rule: `An hour's denials above max(${SPIKE_FLOOR}, ${SPIKE_FACTOR} × the identity's median hourly denials); probing when ≥ ${PROBING_MIN_RESOURCES} distinct resources`,
          inputs: { spikes: list.map((s) => ({ hour: s.hour, denials: s.denials, median: s.medianHourly, threshold: s.threshold, resources: s.distinctResources, scopes: s.distinctScopes, kind: s.kind })) },
          threshold: `> ${worst.threshold} denials in the hour of ${worst.hour.slice(0, 16)} UTC`,
          window: `${p.window} and its 4 baseline windows (hourly rollups)`,
          coverage: "denials from the hourly rollups, resources from the raw denial events of the spike hours",
          evidence: { identity: worst.identity.externalId, decision: "deny", from: first.toISOString(), to: last.toISOString() },
        },
        occurrences: list.length, firstAt: first, lastAt: last,
      });
    }
    return out;
  },
});
