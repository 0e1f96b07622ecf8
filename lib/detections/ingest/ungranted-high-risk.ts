// An allowed call on a high-risk scope that the identity held no grant for at that moment: the
// provider let it through, but nothing in the inventory says it may (drift, a grant made outside
// the review process, or a scope picked up through a side door). Identities the inventory knows
// no grants for at all (discovered ones) are left to the discovered-identity detector.
import { z } from "zod";
import { defineIngestDetector } from "../ingest-detector";

const HIGH = ["admin", "permission_change", "secret_read", "export", "cross_tenant"] as const;

export const ungrantedHighRisk = defineIngestDetector({
  id: "ungranted-high-risk",
  title: "High-risk scope used without a grant",
  kind: "ingest",
  severity: "high",
  meaning:
    "The identity exercised a high-risk scope (admin, permission change, secret read, export, cross-tenant) that Warden's inventory says it was never granted, and the call was allowed.",
  action:
    "Find where the access really comes from (a policy attached outside the process, an inherited role) and either remove it or record the grant with a justification and an owner.",
  owasp: ["NHI5:2025"],
  soc2: ["CC6.3", "CC7.2"],
  params: z.object({
    riskClasses: z.array(z.enum(HIGH)).default([...HIGH]).describe("Risk classes that count as high-risk"),
  }),
  inspect(e, _i, state, p, raise) {
    if (e.granted !== false || e.decision !== "allow" || !e.scope || !e.riskClass) return;
    const risk = e.riskClass;
    const scope = e.scope;
    if (!(p.riskClasses as readonly string[]).includes(risk)) return;
    const who = state.identity(e.identityId);
    if (!who?.hasGrants) return;
    raise({
      detector: "ungranted-high-risk",
      severity: risk === "admin" || risk === "permission_change" ? "critical" : "high",
      identityId: e.identityId,
      subject: scope,
    }, () => ({
      title: `${who.name} used ${scope} (${risk.replace("_", " ")}) without a grant`,
      working: {
        rule: "Allowed use of a high-risk scope with no live grant at the moment of the event",
        inputs: { scope, riskClass: risk, decision: e.decision, grantedAtThatMoment: false },
        threshold: "any allowed use",
        coverage: "grants as recorded in the inventory at each event's time (ingest enrichment)",
        evidence: { scope, grant: "out" },
      },
    }));
  },
});
