// High-risk actions: audit logging switched off or altered, permission changes, credentials or
// login profiles created (for another identity: critical), trust anchors and federation tokens,
// resources shared outside the account, admin actions, secret reads and exports. The class comes
// from the action catalogues (action-risk.ts). Routine classes (secret read, export, admin, and any
// class that only the scope's inventory risk class gives) are reported when the inventory did not
// grant them; secret reads also for autonomous kinds (AI agents, bots), whose every secret read an
// admin wants to see. Catalogue-classified persistence, escalation and evasion are reported always.
import { z } from "zod";
import type { Severity } from "../../db/generated/enums";
import { classifyAction, HIGH_RISK_CLASSES, type HighRiskClass } from "../action-risk";
import { defineIngestDetector } from "../ingest-detector";

const SEVERITY: Record<HighRiskClass, Severity> = {
  logging: "critical", share: "critical", credential: "high", federation: "high", permission_change: "high",
  admin: "high", secret_read: "medium", export: "medium",
};
const ROUTINE: readonly HighRiskClass[] = ["secret_read", "export", "admin"];
const KINDS = ["service_account", "api_key", "oauth_app", "workload_identity", "ci_token", "bot", "ai_agent", "user"] as const;

export const highRiskAction = defineIngestDetector({
  id: "high-risk-action",
  title: "High-risk action",
  kind: "ingest",
  severity: "high",
  meaning:
    "The identity did something an attacker does to persist, escalate, exfiltrate or hide: disable or alter audit logging, change permissions, create credentials, trust or federation, share data outside the account, read secrets or export data.",
  action:
    "Confirm the change was planned (a ticket, a deploy). If not, undo it (re-enable logging, remove the policy, key, trust anchor or share), rotate the identity's credentials and review its trail.",
  owasp: ["NHI5:2025", "NHI2:2025", "NHI1:2025"],
  soc2: ["CC7.2", "CC7.3", "CC8.1", "CC6.7"],
  params: z.object({
    watchKinds: z.array(z.enum(KINDS)).default(["ai_agent", "bot"]).describe("Kinds whose granted secret reads are reported too"),
    includeDenied: z.boolean().default(false).describe("Also report denied attempts"),
  }),
  inspect(e, _i, state, p, raise) {
    if (e.decision === "deny" && !p.includeDenied) return;
    const risk = classifyAction(e);
    if (!risk) return;
    const who = state.identity(e.identityId);
    const watched = risk.cls === "secret_read" && !!who && (p.watchKinds as readonly string[]).includes(who.kind);
    const routine = ROUTINE.includes(risk.cls) || risk.from === "inventory";
    if (routine && e.granted === true && !watched) return;
    // What only the inventory classifies, only the inventory's grants can judge: an ungranted use
    // is the ungranted-high-risk detector's finding, an identity with no grants at all (discovered)
    // the discovered-identity detector's. One event, one finding.
    if (risk.from === "inventory" && !watched) return;
    const forOther = risk.cls === "credential" && e.action.startsWith("iam:") && !!e.resource && !!who && e.resource !== who.name && !who.externalId.endsWith(`/${e.resource}`);
    const severity: Severity = forOther ? "critical" : SEVERITY[risk.cls];
    const ctx = e.context ?? {};
    raise({
      detector: "high-risk-action",
      severity,
      identityId: e.identityId,
      subject: risk.cls,
    }, () => ({
      title: `${who?.name ?? "An identity"}: ${HIGH_RISK_CLASSES[risk.cls]}${forOther ? ` for ${e.resource}` : ""} (${e.action})`,
      working: {
        rule: `Action classified "${HIGH_RISK_CLASSES[risk.cls]}" by its catalogue`,
        inputs: {
          action: e.action, resource: e.resource ?? null, decision: e.decision, basis: risk.basis, granted: e.granted,
          ...(forOther ? { createdFor: e.resource } : {}),
          ...(ctx.task ? { task: ctx.task, prompt: ctx.prompt ?? null, tool: ctx.tool ?? null, approval: ctx.approval ?? null } : {}),
        },
        threshold: routine ? (watched ? `every secret read by a ${who?.kind}` : "not granted in the inventory") : "every such action",
        coverage: "actions classified from the AWS IAM catalogue, Kubernetes RBAC verbs, OCSF activities or the scope's inventory risk class",
        evidence: { action: e.action },
      },
    }));
  },
});
