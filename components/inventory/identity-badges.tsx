// Badges for identity attributes; the mapping from value to tone lives here only.
import type { ActorType, IdentityStatus } from "@/lib/db/generated/enums";
import type { RiskBand } from "@/lib/inventory/risk";
import { Badge, type Tone } from "../ui/badge";
import { ACTOR_LABELS, ACTOR_LONG_LABELS, RISK_LABELS, STATUS_LABELS } from "./labels";

const STATUS_TONE: Record<IdentityStatus, Tone> = {
  active: "success",
  disabled: "neutral",
  revoked: "neutral",
  // Shadow NHIs seen in events but never registered: the thing to look at first.
  discovered: "warning",
  // Gone from its source's last full import: kept as history, no live grants.
  decommissioned: "neutral",
};

const STATUS_TITLES: Partial<Record<IdentityStatus, string>> = {
  discovered: "Seen in events but not registered in the inventory",
  decommissioned: "No longer in its source: the last full import of its account, cluster or provider did not list it",
};

const RISK_TONE: Record<RiskBand, Tone> = { low: "neutral", medium: "info", high: "warning", critical: "danger" };

export function StatusBadge({ status }: { status: IdentityStatus }) {
  return (
    <Badge
      tone={STATUS_TONE[status]}
      title={STATUS_TITLES[status]}
    >
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export function ActorBadge({ actorType }: { actorType: ActorType }) {
  return (
    <Badge tone={actorType === "human" ? "accent" : "neutral"} title={ACTOR_LONG_LABELS[actorType]}>
      {ACTOR_LABELS[actorType]}
    </Badge>
  );
}

export function RiskBadge({ score, band }: { score: number; band: RiskBand }) {
  return (
    <span className="risk">
      <span className="risk-score">{score}</span>
      <Badge tone={RISK_TONE[band]}>{RISK_LABELS[band]}</Badge>
    </span>
  );
}

export function NoOwnerBadge() {
  return (
    <Badge tone="danger" title="Nobody is accountable for this identity">
      No owner
    </Badge>
  );
}
