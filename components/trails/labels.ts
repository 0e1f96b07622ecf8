// Labels and tones for event attributes, shared by the explorer, the trail and the identity page.
import type { Tone } from "@/components/ui/badge";
import { RISK_CLASS_LABELS as RISK_CLASS_NAMES } from "@/lib/analytics/over-privilege-score";

/** The heatmap's risk-class names, looked up here by the raw string an event carries. */
export const RISK_CLASS_LABELS: Readonly<Record<string, string>> = RISK_CLASS_NAMES;

export const RISK_CLASS_TONE: Record<string, Tone> = {
  read: "neutral",
  write: "info",
  export: "warning",
  admin: "danger",
  cross_tenant: "danger",
  secret_read: "danger",
  permission_change: "danger",
};

export const DECISION_LABELS: Record<string, string> = { allow: "Allowed", deny: "Denied", error: "Error" };
// Allowed is the normal case and stays quiet; refusals and failures are what an analyst scans for.
export const DECISION_TONE: Record<string, Tone> = { allow: "neutral", deny: "danger", error: "warning" };
