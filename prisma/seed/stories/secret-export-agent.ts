// An AI agent that, besides querying, reads secrets and starts bulk exports — its events carry
// the task, the prompt that started the run, the tool invoked and whether a human approved.
import { STORIES } from "./constants";
import { grantAll, storyCredential, storyIdentity, storyPlan, type Story } from "./kit";

const S = STORIES.secretExportAgent;
const SCOPES = [
  "bedrock:InvokeModel", "athena:StartQueryExecution", "athena:GetQueryResults", "s3:GetObject", "s3:PutObject",
  ...S.secretScopes, ...S.exportScopes,
];
const TASKS = [
  { task: "Quarterly revenue reconciliation", prompt: "Reconcile Q3 revenue in the warehouse against the ledger and list gaps over 1,000 EUR" },
  { task: "Churn analysis for the finance review", prompt: "Pull churned accounts for the last 90 days with their MRR and export them for the review deck" },
  { task: "Refresh the board metrics pack", prompt: "Refresh the board metrics: ARR, NRR, gross margin; use the read-only warehouse credentials" },
  { task: "Export customer ledger for the auditors", prompt: "Export the full customer ledger table to the audit bucket so the auditors can sample it" },
];

export const secretExportAgent: Story = {
  build(b) {
    const identity = storyIdentity(b, {
      externalId: S.externalId, name: S.name, kind: "ai_agent", provider: "aws", environment: "prod",
      team: "finance", component: "analyst", createdDaysAgo: 150, attributes: { framework: "langgraph", model: "acme-llm-large" },
      purpose: "AI analyst for finance: answers questions over the warehouse, prepares exports",
    });
    const credential = storyCredential(b, identity, "oauth_client_secret", S.fingerprint, 150, 180);
    grantAll(b, identity, [...SCOPES, "sts:AssumeRole"], 148, "Finance AI analyst pilot (FIN-77)");
    storyPlan(b, identity, credential, {
      used: SCOPES, rhythm: "agent", weight: 3, agentTasks: TASKS,
      chain: { auth: true, token: true, assume: "sts:AssumeRole" },
      profiles: [{ ip: "10.13.77.21", userAgent: "acme-agent-runtime/0.9.3 (langgraph/0.1.19; python/3.11.9)", origin: "prod-eks-use1/agents", weight: 1 }],
    });
  },
};
