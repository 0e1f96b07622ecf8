// Labels and tones for event attributes, shared by the explorer, the trail and the identity page.
import type { Tone } from "@/components/ui/badge";

export const RISK_CLASS_LABELS: Record<string, string> = {
  read: "Read",
  write: "Write",
  admin: "Admin",
  export: "Export",
  cross_tenant: "Cross-tenant",
  secret_read: "Secret read",
  permission_change: "Permission change",
};

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
