// The chain an identity walks through: authentication → token issuance → role assumption → API
// call → data access. Producers name actions in their own dialects (CloudTrail, Kubernetes, Okta,
// GCP, Azure, our canonical `authenticate` / `token.issue`), so a step is recognised from the
// words in the action (and scope), never from a fixed list. Pure and client-safe.

export const CHAIN_STEPS = ["auth", "token", "assume", "api", "data"] as const;
export type ChainStep = (typeof CHAIN_STEPS)[number];

export const CHAIN_STEP_LABELS: Record<ChainStep, string> = {
  auth: "Authentication",
  token: "Token issuance",
  assume: "Role assumption",
  api: "API call",
  data: "Data access",
};

export type StepInput = {
  action: string;
  scope?: string | null;
  riskClass?: string | null;
  authResult?: string | null;
};

/** Splits `s3:GetObject`, `iam.serviceAccounts.getAccessToken`, `k8s:list:pods` into lower-case words. */
export function actionWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const AUTH = /\b(authenticate|authentication|authn|login|logon|signin|sso|saml|whoami)\b|\blog in\b|\bsign in\b|\bget caller identity\b/;
// `k8s:create:serviceaccounts/token`, `ecr:GetAuthorizationToken`, `vault:auth:token-create`,
// `iam.serviceAccounts.getAccessToken`, `sts:GetSessionToken`, `token.issue`.
// Minting a key (`iam:CreateAccessKey`, `iam.serviceAccountKeys.create`) is issuance too.
const TOKEN = /\b(token|tokens|credentials?|creds)\b|\b(access|account|hmac) keys?\b/;
const ASSUME = /\b(assume|impersonate|impersonation|act as|switch role|sudo|on behalf)\b/;
// Reading (or exporting) data: the last hop of the chain.
const DATA = /\b(get|list|read|reads|query|scan|select|describe|download|export|fetch|search|watch|consume|receive|decrypt|access|lookup|filter)\b/;
const DATA_RISK = new Set(["read", "export", "secret_read"]);

/**
 * Classifies one event. Keywords are matched on whole words of the action, so `GetObject` is a
 * read, `getAccessToken` is token issuance and `AssumeRoleWithWebIdentity` is role assumption.
 */
export function classifyStep(e: StepInput): ChainStep {
  const words = actionWords(e.action).join(" ");
  if (AUTH.test(words)) return "auth";
  if (ASSUME.test(words)) return "assume";
  if (TOKEN.test(words)) return "token";
  if (DATA.test(words)) return "data";
  // Scope-only producers (action = HTTP verb + path): fall back to the scope's own words / risk.
  if (e.scope && e.scope !== e.action) {
    const scopeWords = actionWords(e.scope).join(" ");
    if (DATA.test(scopeWords)) return "data";
  }
  if (e.riskClass && DATA_RISK.has(e.riskClass) && !/\b(write|put|create|update|delete|set|send|publish)\b/.test(words)) {
    return "data";
  }
  return "api";
}

/** The correlation key a trail groups by: session, else trace, else one "no session" bucket. */
export const NO_SESSION = "";
export function groupKey(sessionId: string | null, traceId: string | null): string {
  return sessionId || traceId || NO_SESSION;
}

export type GroupKind = "session" | "trace" | "none";
export function groupKind(sessionId: string | null, traceId: string | null): GroupKind {
  return sessionId ? "session" : traceId ? "trace" : "none";
}

/** The steps a group went through, in chain order, for its one-line summary. */
export function chainSummary(steps: readonly ChainStep[]): ChainStep[] {
  const seen = new Set(steps);
  return CHAIN_STEPS.filter((s) => seen.has(s));
}
