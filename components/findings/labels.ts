// Words and tones for findings, in one place. Client-safe.
import type { Tone } from "../ui/badge";

export const SEVERITY_TONE: Record<string, Tone> = { critical: "danger", high: "warning", medium: "info", low: "neutral" };
export const SEVERITY_LABEL: Record<string, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };
export const STATUS_TONE: Record<string, Tone> = { open: "danger", acknowledged: "info", suppressed: "neutral", resolved: "success" };
export const STATUS_LABEL: Record<string, string> = {
  open: "Open", acknowledged: "Acknowledged", suppressed: "Suppressed", resolved: "Resolved", active: "Open or acknowledged", all: "Any status",
};
