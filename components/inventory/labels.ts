// Human-readable names for inventory enums, shared by tables, filters and charts.
import type { ActorType, IdentityKind, IdentityStatus } from "@/lib/db/generated/enums";
import type { RiskBand } from "@/lib/inventory/risk";

export const KIND_LABELS: Record<IdentityKind, string> = {
  service_account: "Service account",
  api_key: "API key",
  oauth_app: "OAuth app",
  workload_identity: "Workload identity",
  ci_token: "CI/CD token",
  bot: "Bot",
  ai_agent: "AI agent",
  user: "Human user",
};

export const STATUS_LABELS: Record<IdentityStatus, string> = {
  active: "Active",
  disabled: "Disabled",
  revoked: "Revoked",
  discovered: "Discovered",
  decommissioned: "Decommissioned",
};

export const ACTOR_LABELS: Record<ActorType, string> = { nhi: "NHI", human: "Human" };
export const ACTOR_LONG_LABELS: Record<ActorType, string> = { nhi: "Non-human", human: "Human" };

export const RISK_LABELS: Record<RiskBand, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

export const RISK_RANGES: Record<RiskBand, string> = {
  low: "0–39",
  medium: "40–69",
  high: "70–89",
  critical: "90–100",
};
