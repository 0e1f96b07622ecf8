// A production credential presented from a non-production origin (a token copied into a dev
// cluster or a laptop), or a non-production credential reaching production. The origin's
// environment comes from what the producer says: the event's environment, an environmentHint in
// its context, or the environment named in its origin (cluster / namespace).
import { z } from "zod";
import { defineIngestDetector, type DetectEvent } from "../ingest-detector";

const PROD = /(^|[^a-z])(prod|production|prd)([^a-z]|$)/i;
const NONPROD = /(^|[^a-z])(dev|development|staging|stage|stg|sandbox|test|qa|uat|local)([^a-z]|$)/i;

type Env = "prod" | "nonprod";

const seen = new Map<string, Env | null>();

/** The environment a text names (cached: origins and environments repeat). */
function envOf(text: string | undefined): Env | undefined {
  if (!text) return undefined;
  let env = seen.get(text);
  if (env === undefined) {
    env = NONPROD.test(text) ? "nonprod" : PROD.test(text) ? "prod" : null;
    if (seen.size < 50_000) seen.set(text, env);
  }
  return env ?? undefined;
}

/** The origin's environment and what said so. */
export function originEnvironment(e: Pick<DetectEvent, "environment" | "context" | "origin">): { env: Env; said: string } | undefined {
  const hint = typeof e.context?.environmentHint === "string" ? e.context.environmentHint : undefined;
  for (const [said, text] of [["context.environmentHint", hint], ["event environment", e.environment], ["origin", e.origin]] as const) {
    const env = envOf(text);
    if (env) return { env, said: `${said} "${text}"` };
  }
  return undefined;
}

export const environmentCrossing = defineIngestDetector({
  id: "environment-crossing",
  title: "Production credential used from a non-production origin (or the reverse)",
  kind: "ingest",
  severity: "high",
  meaning:
    "Environments are meant to be isolated: a production credential seen from a dev or staging origin has been copied out of production; a non-production credential reaching production bypasses its controls.",
  action: "Find and remove the copy (the dev deployment, CI variable or laptop that holds it), then rotate the production credential.",
  owasp: ["NHI8:2025", "NHI2:2025"],
  soc2: ["CC6.1", "CC6.6"],
  params: z.object({
    reverse: z.boolean().default(true).describe("Also report non-production credentials used from production origins"),
  }),
  inspect(e, _i, state, p, raise) {
    const who = state.identity(e.identityId);
    const own = envOf(who?.environment ?? undefined);
    if (!who || !own) return;
    const origin = originEnvironment(e);
    if (!origin || origin.env === own || (own === "nonprod" && !p.reverse)) return;
    const where = e.origin ?? (typeof e.context?.environmentHint === "string" ? e.context.environmentHint : e.environment) ?? "";
    raise({
      detector: "environment-crossing",
      severity: own === "prod" ? "high" : "medium",
      identityId: e.identityId,
      subject: where,
    }, () => ({
      title: `${own === "prod" ? "Production" : "Non-production"} identity ${who.name} used from ${own === "prod" ? "non-production" : "production"} origin ${where}`,
      working: {
        rule: "The identity's environment differs from the environment of the origin the event came from",
        inputs: { identityEnvironment: who.environment, origin: e.origin ?? null, originEnvironment: origin.env, decidedBy: origin.said, sourceIp: e.sourceIp ?? null },
        threshold: "any event",
        coverage: "events whose producer reports an origin, an environment or an environment hint",
        evidence: e.sourceIp ? { ip: e.sourceIp } : undefined,
      },
    }));
  },
});
