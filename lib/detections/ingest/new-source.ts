// A credential used from a source IP or user agent it has never been seen from: the replay signal
// of a stolen key. A long-lived credential first learns its usual sources for a learning period;
// a temporary session credential (AWS ASIA…) belongs to one session of one workload, so a second
// source is reported at once. How different the new source is decides the severity.
import { z } from "zod";
import { defineIngestDetector } from "../ingest-detector";
import { ipDistance, uaDistance } from "./source-distance";

const DAY = 86_400_000;

export const newSource = defineIngestDetector({
  id: "new-source",
  title: "Credential used from a new source IP or user agent",
  kind: "ingest",
  severity: "medium",
  meaning:
    "A credential was presented from an IP address or client it had not used before. Keys copied out of a workload (a leaked CI secret, a stolen instance credential) are replayed from the attacker's machine with its own tooling.",
  action:
    "Ask the owner whether the new source is theirs (a new node, a client upgrade). If not, rotate the credential, then review what it did from the new source in the trail.",
  owasp: ["NHI2:2025", "NHI4:2025"],
  soc2: ["CC6.1", "CC7.2"],
  params: z.object({
    learningDays: z.number().int().min(0).max(90).default(7).describe("Learning period before a long-lived credential's new sources are reported (days)"),
    reportUserAgents: z.boolean().default(true).describe("Report new user agents as well as new IPs"),
  }),
  inspect(e, index, state, p, raise) {
    const fresh = state.newSources.get(index)?.filter((s) => s.kind !== "origin");
    if (!fresh?.length) return;
    const who = state.identity(e.identityId);
    // People change networks and browsers all the time; the replay signal is about machine
    // credentials used by machines (not an identity's console session).
    if (who?.actorType !== "nhi" || e.actorType !== "nhi") return;
    for (const s of fresh) {
      if (s.kind === "origin" || (s.kind === "ua" && !p.reportUserAgents)) continue;
      const session = s.credentialKey.startsWith("ASIA");
      const since = s.credentialSince;
      if (!since || s.known.length === 0) continue; // the credential's first event: nothing to compare with
      const age = e.at - since.getTime();
      if (!session && age < p.learningDays * DAY) continue;
      const distance = s.kind === "ip" ? ipDistance(s.value, s.known) : uaDistance(s.value, s.known);
      if (distance.level === "same") continue;
      const both = fresh.length > 1;
      const severity = session || both || distance.level === "unrelated" ? "high" : distance.level === "near" ? "low" : "medium";
      raise({
        detector: "new-source",
        severity,
        identityId: e.identityId,
        subject: `${s.kind}:${s.value}`,
      }, () => ({
        title: `${who?.name ?? e.identityId} used from a new ${s.kind === "ip" ? "source IP" : "user agent"} ${s.value}`,
        working: {
          rule: session
            ? "A temporary session credential presented from a second source"
            : `First use of this ${s.kind === "ip" ? "source IP" : "user agent"} by a credential past its ${p.learningDays}-day learning period`,
          inputs: {
            credential: s.credentialKey, new: s.value, knownBefore: s.known.slice(0, 10), knownCount: s.known.length,
            credentialSeenSince: since.toISOString(), difference: distance.label,
            alsoNew: both ? fresh.filter((x) => x !== s).map((x) => `${x.kind}:${x.value}`) : [],
          },
          threshold: session ? "any second source" : `credential seen for ≥ ${p.learningDays} days`,
          window: `since ${since.toISOString().slice(0, 10)} (everything Warden has seen for this credential)`,
          coverage: `${s.known.length} earlier ${s.kind === "ip" ? "IP" : "user agent"}${s.known.length === 1 ? "" : "s"} recorded for this credential since ${since.toISOString().slice(0, 10)}`,
          evidence: s.kind === "ip" ? { ip: s.value } : undefined,
        },
      }));
    }
  },
});
