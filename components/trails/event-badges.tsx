// Badges for event attributes. Colour is never the only signal: the text says it too.
import { Badge } from "@/components/ui/badge";
import { DECISION_LABELS, DECISION_TONE, RISK_CLASS_LABELS, RISK_CLASS_TONE } from "./labels";

export function DecisionBadge({ decision }: { decision: string }) {
  return <Badge tone={DECISION_TONE[decision] ?? "neutral"}>{DECISION_LABELS[decision] ?? decision}</Badge>;
}

export function RiskClassBadge({ riskClass }: { riskClass: string | null }) {
  if (!riskClass) return <span className="subtle">—</span>;
  return <Badge tone={RISK_CLASS_TONE[riskClass] ?? "neutral"}>{RISK_CLASS_LABELS[riskClass] ?? riskClass}</Badge>;
}

/** The scope was used without a live grant at that moment (granted = false at ingest). */
export function NoGrantBadge() {
  return (
    <Badge tone="danger" title="The identity did not hold a grant for this scope at that moment">
      No grant
    </Badge>
  );
}

export function NewBadge({ title }: { title?: string }) {
  return (
    <Badge tone="warning" title={title}>
      New
    </Badge>
  );
}
