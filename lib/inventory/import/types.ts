// What every importer produces from its source's files: the identities, credentials, scopes and
// grants the source says exist, which parts of the source the files fully list (a full import may
// mark vanished only what lies inside those), counts of what was read, and warnings. The apply
// step (stage.ts, plan.ts, apply.ts) knows nothing about AWS, Kubernetes or CSV.
import type { RiskClass } from "../../db/generated/enums";
import type { CredentialModel } from "../../db/generated/models/Credential";
import type { IdentityCore } from "../list-identities";

export const IMPORT_SOURCES = ["aws", "kubernetes", "generic"] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export const IMPORT_MODES = ["full", "merge"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** Who answers for an identity, as the source's tags / labels / columns name them. */
export type OwnerRef = { team: string | null; email: string | null; name: string | null };

/** `externalId` is the source's stable id: an ARN, `system:serviceaccount:<ns>:<name>`, the generic external id. */
export type ImportedIdentity = Pick<IdentityCore, "externalId" | "name" | "kind" | "actorType" | "provider" | "environment"> & {
  status: "active" | "disabled" | "revoked";
  purpose: string | null;
  owner: OwnerRef | null;
  /** aws:<account>, kubernetes:<cluster>/<namespace>, generic:<provider>. */
  importScope: string;
  /** Scalars only (the identity page shows them); deterministic, so a re-import changes nothing. */
  attributes: Record<string, string | number | boolean>;
  lastSeenAt: Date | null;
  /** Other names events use for it (unique ids, path-less ARNs). */
  aliases: string[];
  /** Identities it acts as (a service account's cloud role), by external id or alias. */
  links: { targetRef: string; relation: string }[];
};

/** A credential as the table holds it (the fingerprint is a key id or a stable reference, never a secret). */
export type ImportedCredential = Pick<CredentialModel, "type" | "fingerprint" | "issuedAt" | "expiresAt" | "lastRotatedAt" | "lastUsedAt" | "status"> & {
  /** The identity's external id. */
  identity: string;
  /** Where in the files it came from (`grants.csv line 4`), for errors the inventory reveals. */
  origin?: string;
};

export type ImportedScope = { name: string; resource: string; riskClass: RiskClass; provider: string; description: string | null };

export type ImportedGrant = {
  /** The identity's external id (in this import or already in the inventory). */
  identity: string;
  scope: string;
  /** When the source says the grant began, or the earliest it can have (see each importer). */
  grantedAt: Date;
  expiresAt: Date | null;
  justification: string | null;
  /** JSON text: why the source grants it (policy, statement, resource; binding, role, namespace). */
  provenance: string;
  origin?: string;
};

export type ImportModel = {
  source: ImportSource;
  identities: ImportedIdentity[];
  credentials: ImportedCredential[];
  grants: ImportedGrant[];
  scopes: ImportedScope[];
  /** The import scopes whose identities / grants / credentials these files list completely. */
  coverage: { identities: string[]; grants: string[]; credentials: string[] };
  /** What was read, by the source's own nouns (users, roles, groups, policies, service accounts…). */
  counts: Record<string, number>;
  warnings: string[];
  /** When the files say they were collected, if they do. */
  collectedAt: Date | null;
};

/** One file as read: what provenance records about it. */
export type FileInfo = { name: string; bytes: number; sha256: string; format: string };

/** Progress while files are read and the import is planned and written. */
export type ImportProgress = (p: { phase: string; step?: string; file?: string; done?: number; total?: number }) => void;
