import { Badge } from "../ui/badge";
import { SEVERITY_LABEL, SEVERITY_TONE, STATUS_LABEL, STATUS_TONE } from "./labels";

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={SEVERITY_TONE[severity]}>{SEVERITY_LABEL[severity] ?? severity}</Badge>;
}

export function FindingStatusBadge({ status, until }: { status: string; until?: string | null }) {
  return (
    <Badge tone={STATUS_TONE[status]} title={until ? `Suppressed until ${until.slice(0, 16).replace("T", " ")} UTC` : undefined}>
      {STATUS_LABEL[status] ?? status}
      {until ? ` until ${until.slice(0, 10)}` : ""}
    </Badge>
  );
}
