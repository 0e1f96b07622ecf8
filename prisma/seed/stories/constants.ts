// The demo estate's stories: fixed names, external ids and fingerprints, so that tests and later
// features (detections, views) can find them whatever the seed and sizes.

export const STORIES = {
  /** Prod admin service account with permission-change grants, active key, silent for 60+ days. */
  dormantAdmin: {
    name: "svc-legacy-billing-admin",
    externalId: "arn:aws:iam::412345678901:user/svc-legacy-billing-admin",
    fingerprint: "AKIALEGACYBILLADMIN7",
    /** Days of silence before the window start (last_seen_at = now − max(days, 60) − this). */
    silentDaysBeyondWindow: 37,
  },
  /** API key whose owner_id is NULL (the owner left), still in daily use. */
  ownerlessKey: {
    name: "apikey-partner-feed-legacy",
    externalId: "apikey:partner-feed-legacy",
    fingerprint: "sha256:pF7rLx0ChQm2vYb9WzKt3NsAe5GuJd1HoRi8TcXq4Vk",
  },
  /** CI token with 20 granted scopes, of which two are ever used. */
  unusedCiToken: {
    name: "gha-deploy-monorepo",
    externalId: "github:acme/monorepo:.github/workflows/deploy.yml",
    fingerprint: "sha256:Ci9dEpLoYm0nOrEpOtOkEn4sT0rYx2Wq7Hb5Kj3Fz1A",
    granted: 20,
    used: ["contents:read", "packages:write"],
  },
  /** Key used for weeks from one IP / UA in office hours, then at ~03:00 UTC from new ones. */
  replayKey: {
    name: "apikey-finance-reporting",
    externalId: "apikey:finance-reporting",
    fingerprint: "sha256:Rp3LaYkEy8fInAnCeR3p0rTiNgQ6Zx1Vb7Nm2Lk9Jh4",
    usualIp: "203.0.113.24",
    usualUserAgent: "acme-reporting-client/2.8.1 (python 3.11.9)",
    replayIp: "198.51.100.77",
    replayUserAgent: "python-requests/2.31.0",
    replayHourUtc: 3,
  },
  /** OAuth integration with a low denial rate, then 100+ denials over 30+ scopes in one hour. */
  probingIntegration: {
    name: "oauth-zendesk-ticket-sync",
    externalId: "okta:0oa1zendesk7ticketsync",
    fingerprint: "sha256:Pr0b1nGzEnDeSkT1cKeTsYnC5eCr3tQ8Wm4Lx7Vb2Nk",
    burstDenials: 136,
    burstScopes: 36,
  },
  /** AI agent that reads secrets and exports data, with task / tool / prompt context. */
  secretExportAgent: {
    name: "agent-finance-analyst",
    externalId: "agent:agent-finance-analyst",
    fingerprint: "sha256:AgEnTf1nAnCeAnAlYsT7Kq2Wm9Xz4Lp6Vb3Nr8Ts1Hd5",
    secretScopes: ["secretsmanager:GetSecretValue", "ssm:GetParameter"],
    exportScopes: ["dynamodb:ExportTableToPointInTime", "rds:StartExportTask"],
  },
  /** Production workload identity whose token is also used from the dev cluster. */
  prodFromDev: {
    name: "k8s:prod:payments/reconciler",
    externalId: "spiffe://acme.internal/prod-eks-use1/ns/payments/sa/reconciler",
    fingerprint: "sha256:PrOdFr0mDeVr3c0nC1lEr5Kt8Wq2Zx4Lm7Nb9Vc1Hj6",
    prodOrigin: "prod-eks-use1/payments",
    devOrigin: "dev-cluster/payments-sandbox",
  },
  /** One access key used by three workloads (distinct origins, IPs and user agents). */
  sharedCredential: {
    name: "svc-analytics-reader",
    externalId: "arn:aws:iam::412345678901:user/svc-analytics-reader",
    fingerprint: "AKIAANALYTICSREADER2",
    origins: ["prod-eks-use1/analytics", "airflow-prod/etl-workers", "jenkins-legacy/reporting"],
  },
  /** People acting through a service account: actor_type human, browser UA, onBehalfOf. */
  humanThroughServiceAccount: {
    name: "svc-ops-console",
    externalId: "svc:svc-ops-console",
    fingerprint: "sha256:0pSc0nS0lEhUmAnSvIaSa7Kq2Wm9Xz4Lp6Vb3Nr8Ts1",
    humans: ["priya.shah@acme.example", "marcus.okafor@acme.example", "elena.rossi@acme.example"],
  },
} as const;

export type StoryName = keyof typeof STORIES;
