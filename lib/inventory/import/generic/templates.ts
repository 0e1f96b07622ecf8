// The downloadable templates of the generic format: a CSV per record kind and one JSON file, with
// example rows for the sources the generic format is for. A test imports them, so they stay valid.
import { csvLine } from "../../../exports/csv";
import { camel, CSV_COLUMNS, type RecordKind } from "./records";

type Row = Record<string, string>;

const EXAMPLES: Record<RecordKind, Row[]> = {
  owners: [
    { team: "platform", name: "Grace Hopper", email: "grace.hopper@example.com" },
    { team: "data", name: "Ada Lovelace", email: "ada.lovelace@example.com" },
  ],
  identities: [
    {
      external_id: "github-app:acme/release-bot", name: "release-bot", kind: "oauth_app", actor_type: "nhi", provider: "github", environment: "prod",
      status: "active", purpose: "Tags releases and publishes packages", owner_team: "platform", owner_email: "grace.hopper@example.com", owner_name: "",
      last_seen_at: "2026-01-30T08:15:00Z", aliases: "12345678", attributes: "installation=acme;repositories=42",
    },
    {
      external_id: "etl-loader@acme-data.iam.gserviceaccount.com", name: "etl-loader", kind: "service_account", actor_type: "nhi", provider: "gcp",
      environment: "prod", status: "active", purpose: "Loads the warehouse nightly", owner_team: "", owner_email: "ada.lovelace@example.com", owner_name: "",
      last_seen_at: "", aliases: "", attributes: "project=acme-data",
    },
    {
      external_id: "entra-sp:8f2c1d4e-7a9b-4c3d-9e8f-1a2b3c4d5e6f", name: "Terraform-CI", kind: "ci_token", actor_type: "nhi", provider: "entra",
      environment: "prod", status: "active", purpose: "", owner_team: "", owner_email: "", owner_name: "", last_seen_at: "", aliases: "", attributes: "",
    },
  ],
  credentials: [
    { identity: "github-app:acme/release-bot", type: "certificate", fingerprint: "SHA256:3f9a0c1d2e4b5a6978", issued_at: "2025-06-01", expires_at: "", last_rotated_at: "", last_used_at: "2026-01-30T08:15:00Z", status: "active" },
    { identity: "etl-loader@acme-data.iam.gserviceaccount.com", type: "api_key", fingerprint: "gcp-key:6b1d0c2e9f", issued_at: "2024-11-03", expires_at: "2026-11-03", last_rotated_at: "", last_used_at: "", status: "active" },
  ],
  grants: [
    { identity: "github-app:acme/release-bot", scope: "contents:write", risk_class: "write", resource: "github:contents", description: "", granted_at: "2025-06-01", expires_at: "", justification: "release tagging" },
    { identity: "github-app:acme/release-bot", scope: "packages:write", risk_class: "write", resource: "github:packages", description: "", granted_at: "2025-06-01", expires_at: "", justification: "" },
    { identity: "etl-loader@acme-data.iam.gserviceaccount.com", scope: "bigquery.tables.updateData", risk_class: "write", resource: "bigquery.googleapis.com/tables", description: "", granted_at: "2024-11-03", expires_at: "", justification: "" },
    { identity: "entra-sp:8f2c1d4e-7a9b-4c3d-9e8f-1a2b3c4d5e6f", scope: "Microsoft.Authorization/roleAssignments/write", risk_class: "permission_change", resource: "", description: "", granted_at: "", expires_at: "", justification: "" },
  ],
};

export const TEMPLATE_FILES = ["owners.csv", "identities.csv", "credentials.csv", "grants.csv", "inventory.json"] as const;
export type TemplateFile = (typeof TEMPLATE_FILES)[number];

export function templateCsv(kind: RecordKind): string {
  const cols = CSV_COLUMNS[kind];
  return [cols, ...EXAMPLES[kind].map((r) => cols.map((c) => r[c] ?? ""))].map(csvLine).join("");
}

export function templateJson(): string {
  const records = (kind: RecordKind) =>
    EXAMPLES[kind].map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== "").map(([k, v]) => {
      if (k === "aliases") return [camel(k), v.split(";")];
      if (k === "attributes") return [camel(k), Object.fromEntries(v.split(";").map((p) => p.split("=")))];
      return [camel(k), v];
    })));
  return `${JSON.stringify({ collectedAt: "2026-01-31T00:00:00Z", owners: records("owners"), identities: records("identities"), credentials: records("credentials"), grants: records("grants") }, null, 2)}\n`;
}

export function templateFile(name: TemplateFile): { text: string; contentType: string } {
  if (name === "inventory.json") return { text: templateJson(), contentType: "application/json; charset=utf-8" };
  return { text: templateCsv(name.replace(".csv", "") as RecordKind), contentType: "text/csv; charset=utf-8" };
}
