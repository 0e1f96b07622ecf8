// A person acting through a non-human identity: the event's actor is human (the producer says so:
// a console session, an onBehalfOf, a browser) while the credential belongs to a service account,
// key or token. Shared machine credentials used by people break accountability.
import { z } from "zod";
import { defineIngestDetector } from "../ingest-detector";

export const humanThroughNhi = defineIngestDetector({
  id: "human-through-nhi",
  title: "Human acting through a non-human identity",
  kind: "ingest",
  severity: "high",
  meaning:
    "A person used a machine identity's credential. Their actions are logged as the service, so nobody can tell who did what, and the credential's reach becomes theirs without review.",
  action: "Give the person their own access (SSO, a named role) and rotate the machine credential if people had a copy of it.",
  owasp: ["NHI10:2025"],
  soc2: ["CC6.1", "CC6.2"],
  params: z.object({}),
  inspect(e, _i, state, _p, raise) {
    if (e.actorType !== "human") return;
    const who = state.identity(e.identityId);
    if (!who || who.actorType !== "nhi") return;
    const person = typeof e.context?.onBehalfOf === "string" ? e.context.onBehalfOf : (e.userAgent ?? "unknown person");
    raise({
      detector: "human-through-nhi",
      severity: "high",
      identityId: e.identityId,
      subject: person,
    }, () => ({
      title: `${person} acted through ${who.name}`,
      working: {
        rule: "Event actor is human while the identity is non-human",
        inputs: { person, via: e.context?.via ?? null, userAgent: e.userAgent ?? null, sourceIp: e.sourceIp ?? null, identityKind: who.kind },
        threshold: "any event",
        coverage: "producers that mark human actors (console sessions, onBehalfOf context)",
        evidence: e.sourceIp ? { ip: e.sourceIp } : undefined,
      },
    }));
  },
});
