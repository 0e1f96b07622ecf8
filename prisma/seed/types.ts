// Shapes of the demo estate as it is built in memory before the bulk insert. Enum string unions
// mirror the database enums (prisma/migrations/0001_init).

export type RiskClass =
  | "read" | "write" | "admin" | "export" | "cross_tenant" | "secret_read" | "permission_change";
export type IdentityKind =
  | "service_account" | "api_key" | "oauth_app" | "workload_identity" | "ci_token" | "bot" | "ai_agent" | "user";
export type ActorType = "nhi" | "human";
export type IdentityStatus = "active" | "disabled" | "revoked" | "discovered";
export type CredentialType =
  | "access_key" | "api_key" | "oauth_client_secret" | "token" | "certificate" | "ssh_key" | "password";
export type CredentialStatus = "active" | "expired" | "revoked";
export type Provider = "aws" | "gcp" | "azure" | "kubernetes" | "github" | "okta" | "internal";
export type Env = "prod" | "staging" | "dev";
export type Decision = "allow" | "deny" | "error";

export interface Owner {
  id: string;
  team: string;
  personName: string;
  personEmail: string;
  createdAt: Date;
}

export interface Scope {
  id: string;
  name: string;
  resource: string;
  riskClass: RiskClass;
  provider: Provider;
  description: string;
}

export interface Identity {
  id: string;
  externalId: string;
  name: string;
  kind: IdentityKind;
  actorType: ActorType;
  provider: Provider;
  environment: Env;
  status: IdentityStatus;
  purpose: string | null;
  ownerId: string | null;
  createdAt: Date;
  /** Preset only for identities without events in the window; otherwise derived from events. */
  lastSeenAt: Date | null;
  attributes: Record<string, unknown>;
  /** Team and component name the identity belongs to, even when it has no owner row. */
  team: string;
  component: string;
}

export interface Credential {
  id: string;
  identityId: string;
  type: CredentialType;
  fingerprint: string;
  issuedAt: Date;
  expiresAt: Date | null;
  lastRotatedAt: Date | null;
  lastUsedAt: Date | null;
  status: CredentialStatus;
}

export interface Grant {
  id: string;
  identityId: string;
  scopeId: string;
  grantedBy: string;
  grantedAt: Date;
  justification: string | null;
  expiresAt: Date | null;
  revokedBy: string | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

export type Rhythm = "service" | "office" | "office-strict" | "ci" | "batch" | "agent" | "human";

/** Where a workload calls from: stable per workload so that a new IP / UA means something. */
export interface Profile {
  ip: string;
  userAgent: string;
  origin: string | null;
  weight: number;
  actorType?: ActorType;
  /** Static context merged into every event of this profile (e.g. onBehalfOf, environmentHint). */
  context?: Record<string, unknown>;
  /** The profile only appears from this time on (ms since epoch). */
  activeFrom?: number;
}

export interface AgentTask {
  task: string;
  /** The request that started the run, when the agent logs it. */
  prompt?: string;
}

/** How an identity behaves in the event stream (its "workload"). */
export interface Plan {
  identityId: string;
  /** Relative share of the background events; 0 = silent (dormant, disabled, revoked). */
  weight: number;
  rhythm: Rhythm;
  /** UTC offset of the team's office, hours. */
  tz: number;
  credentialRef: string | null;
  /** Scope names the workload actually exercises (a subset of its grants). */
  used: string[];
  /** Scopes outside the grants it occasionally tries (misconfiguration): these are denied. */
  probes: string[];
  denialRate: number;
  profiles: Profile[];
  /** Session chain: authenticate → token issuance → role assumption (scope) before API calls. */
  chain: { auth: boolean; token: boolean; assume: string | null };
  /** AI agents: tasks they work on; their events carry task/tool/approval context. */
  agentTasks?: AgentTask[];
  /** CI tokens: repository whose workflows use the token. */
  ciRepo?: string;
  /** Shadow (discovered) identity: the provider allowed its calls though Warden holds no grant. */
  shadow?: boolean;
  /** No events before this time (ms): the identity was created or discovered inside the window. */
  activeFrom?: number;
}

export interface Estate {
  now: Date;
  days: number;
  owners: Owner[];
  identities: Identity[];
  credentials: Credential[];
  scopes: Scope[];
  grants: Grant[];
  plans: Map<string, Plan>;
}

export interface SeedOptions {
  identities?: number;
  events?: number;
  days?: number;
  seed?: number;
  /** End of the window; rounded down to the hour. Default: now. */
  now?: Date;
  reset?: boolean;
  log?: (msg: string) => void;
}

export interface SeedSummary {
  owners: number;
  identities: number;
  credentials: number;
  scopes: number;
  grants: number;
  events: number;
  rollupRows: number;
  ms: number;
  /** Wall time per phase (inventory, events, rollups, analyze), ms. */
  phases: Record<string, number>;
}
