// Teams (owners), their offices and components, and the people accountable for them. The first
// teams are the ones the stories use, so that they exist even in small estates.
import type { Provider } from "../types";

export interface Team {
  team: string;
  /** Office UTC offset in hours (business-hours rhythms). */
  tz: number;
  cloud: Provider;
  components: string[];
}

const T = (team: string, tz: number, cloud: Provider, components: string): Team => ({
  team, tz, cloud, components: components.split(" "),
});

export const TEAMS: readonly Team[] = [
  T("payments", 1, "aws", "settlement ledger-writer checkout refunds payouts reconciler fraud-scoring"),
  T("identity-platform", 1, "internal", "sso-bridge token-service scim-sync directory mfa-gateway"),
  T("data-eng", -5, "gcp", "etl-orchestrator warehouse-loader cdc-streamer dbt-runner lakehouse-compactor"),
  T("ml-platform", -8, "gcp", "feature-store model-serving training-pipeline embeddings batch-scoring"),
  T("sre", 0, "aws", "ops-console oncall-bot backup-runner log-shipper chaos-runner"),
  T("security", 1, "aws", "siem-forwarder secrets-rotator vuln-scanner edr-collector"),
  T("growth", -5, "internal", "experiments attribution email-campaigns referral-engine"),
  T("finance", 1, "aws", "reporting invoicing revenue-recognition treasury"),
  T("support", -5, "internal", "ticket-sync helpdesk-bridge csat-survey"),
  T("analytics", -5, "aws", "reader dashboards event-collector"),
  T("billing", 1, "aws", "invoice-generator usage-metering dunning tax-engine"),
  T("checkout", 1, "aws", "cart-service pricing promotions"),
  T("search", 2, "gcp", "indexer query-gateway ranking"),
  T("mobile", -8, "gcp", "push-gateway app-config release-bot"),
  T("web-platform", 1, "azure", "edge-router static-assets ssr-renderer"),
  T("platform-infra", 0, "aws", "terraform-runner cluster-autoscaler dns-manager cert-manager"),
  T("developer-experience", -8, "github", "monorepo-ci artifact-cache preview-envs"),
  T("customer-data", -5, "gcp", "profile-service consent-manager cdp-sync"),
  T("risk", 1, "aws", "kyc-checker sanctions-screening chargeback-analyzer"),
  T("marketplace", 2, "azure", "seller-onboarding listing-service payouts-bridge"),
  T("logistics", 2, "azure", "shipment-tracker carrier-gateway route-optimizer"),
  T("notifications", 0, "aws", "sms-sender email-sender webhook-dispatcher"),
  T("catalog", 1, "gcp", "product-importer image-processor taxonomy"),
  T("partnerships", -5, "internal", "partner-feed partner-portal affiliate-sync"),
  T("crm", -5, "internal", "contact-sync lead-router enrichment"),
  T("hr-systems", 1, "internal", "workday-sync payroll-export onboarding"),
  T("it-ops", -5, "okta", "device-enroller okta-admin jamf-sync"),
  T("compliance", 1, "aws", "evidence-collector retention-enforcer dlp-scanner"),
  T("observability", 0, "aws", "metrics-gateway trace-collector alert-router"),
  T("messaging", 2, "gcp", "chat-backend presence realtime-gateway"),
  T("inventory", 2, "azure", "stock-sync warehouse-api forecasting"),
  T("pricing", 1, "gcp", "price-engine fx-rates discount-rules"),
  T("fraud", 1, "aws", "device-fingerprint velocity-checks case-manager"),
  T("ai-research", -8, "gcp", "eval-harness dataset-builder fine-tuning"),
  T("legal-tech", -5, "internal", "contract-sync esign-bridge"),
  T("localization", 2, "internal", "translation-sync glossary"),
  T("media", -8, "gcp", "transcoder thumbnailer cdn-purger"),
  T("gaming", 9, "azure", "matchmaker leaderboard"),
  T("iot", 9, "azure", "device-registry telemetry-ingest firmware-updater"),
  T("edge", 0, "aws", "waf-manager bot-mitigation"),
  T("internal-tools", 1, "internal", "admin-panel backoffice feature-flags"),
  T("qa", 5, "github", "e2e-runner load-tester"),
];

export const FIRST_NAMES = [
  "Priya", "Marcus", "Elena", "Tomasz", "Aisha", "Jonas", "Mei", "Diego", "Fatima", "Lukas",
  "Sofia", "Kwame", "Hannah", "Ravi", "Ingrid", "Mateo", "Yuki", "Olivia", "Samir", "Claire",
  "Andrei", "Nadia", "Ben", "Lucia", "Omar", "Freya", "Hiro", "Amara", "Felix", "Zara",
  "Pedro", "Anika", "Grace", "Ivan", "Leila", "Noah", "Chiara", "Tariq", "Emma", "Arjun",
];

export const LAST_NAMES = [
  "Shah", "Okafor", "Rossi", "Nowak", "Bello", "Lindqvist", "Chen", "Alvarez", "Haddad", "Becker",
  "Moreau", "Mensah", "Weber", "Iyer", "Hansen", "Garcia", "Tanaka", "Brown", "Nasser", "Dubois",
  "Popescu", "Kowalski", "Carter", "Fernandez", "Farouk", "Nilsen", "Sato", "Eze", "Schmidt", "Khan",
  "Silva", "Gupta", "Murphy", "Petrov", "Rahimi", "Cohen", "Bianchi", "Aziz", "Wilson", "Menon",
];

export const EMAIL_DOMAIN = "acme.example";

export function emailOf(first: string, last: string): string {
  return `${first}.${last}@${EMAIL_DOMAIN}`.toLowerCase();
}
