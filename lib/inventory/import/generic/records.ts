// Warden's own inventory format, for every source without an importer of its own (GitHub apps and
// tokens, GCP service accounts, Entra service principals, Vault roles…): four record kinds with
// the same fields in CSV (snake_case columns, one file per kind) and JSON (camelCase keys, one
// file with a list per kind). The README and the downloadable templates document them.
import { z } from "zod";
import { CredentialStatus, CredentialType, IdentityKind, RiskClass } from "../../../db/generated/enums";

/** CSV cells are strings and "" means absent; JSON may carry null. Both become undefined. */
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const text = (max: number) => z.preprocess(blank, z.string().trim().min(1).max(max));
const optText = (max: number) => z.preprocess(blank, z.string().trim().min(1).max(max).optional());
const date = z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/, "expected an ISO 8601 date (2026-01-31 or 2026-01-31T12:00:00Z)")
  .transform((s) => new Date(s.replace(" ", "T"))));
const optDate = z.preprocess(blank, date.optional());
const oneOf = <T extends Record<string, string>>(e: T) => z.preprocess(blank, z.enum(e));
const email = z.preprocess(blank, z.string().trim().toLowerCase().pipe(z.email()).optional());

/** `a;b;c` in CSV, a list in JSON. */
const list = z.preprocess((v) => (typeof v === "string" ? v.split(";").map((s) => s.trim()).filter(Boolean) : blank(v)), z.array(z.string().min(1).max(2048)).max(50).default([]));
/** `key=value;key=value` in CSV, an object of scalars in JSON. */
const attributes = z.preprocess(
  (v) => (typeof v === "string" ? Object.fromEntries(v.split(";").filter((p) => p.includes("=")).map((p) => [p.slice(0, p.indexOf("=")).trim(), p.slice(p.indexOf("=") + 1).trim()])) : blank(v)),
  z.record(z.string().min(1).max(100), z.union([z.string().max(1000), z.number(), z.boolean()])).default({}),
);

export const OwnerRecord = z.object({ team: text(200), name: optText(200), email });

export const IdentityRecord = z.object({
  externalId: text(1024),
  name: optText(256),
  kind: z.preprocess(blank, z.enum(IdentityKind).default("service_account")),
  actorType: z.preprocess(blank, z.enum(["nhi", "human"]).default("nhi")),
  provider: text(100),
  environment: optText(100),
  status: z.preprocess(blank, z.enum(["active", "disabled", "revoked"]).default("active")),
  purpose: optText(2000),
  ownerTeam: optText(200),
  ownerEmail: email,
  ownerName: optText(200),
  lastSeenAt: optDate,
  aliases: list,
  attributes,
});

export const CredentialRecord = z.object({
  identity: text(1024),
  type: oneOf(CredentialType),
  fingerprint: text(512),
  issuedAt: date,
  expiresAt: optDate,
  lastRotatedAt: optDate,
  lastUsedAt: optDate,
  status: z.preprocess(blank, z.enum(CredentialStatus).default("active")),
});

export const GrantRecord = z.object({
  identity: text(1024),
  scope: text(256),
  /** Needed for a scope Warden does not know yet. */
  riskClass: z.preprocess(blank, z.enum(RiskClass).optional()),
  resource: optText(1024),
  description: optText(2000),
  grantedAt: optDate,
  expiresAt: optDate,
  justification: optText(2000),
});

export const RECORD_KINDS = { owners: OwnerRecord, identities: IdentityRecord, credentials: CredentialRecord, grants: GrantRecord } as const;
export type RecordKind = keyof typeof RECORD_KINDS;

/** The CSV header of each kind, in template order; snake_case of the JSON keys. */
export const CSV_COLUMNS: Record<RecordKind, string[]> = {
  owners: ["team", "name", "email"],
  identities: ["external_id", "name", "kind", "actor_type", "provider", "environment", "status", "purpose", "owner_team", "owner_email", "owner_name", "last_seen_at", "aliases", "attributes"],
  credentials: ["identity", "type", "fingerprint", "issued_at", "expires_at", "last_rotated_at", "last_used_at", "status"],
  grants: ["identity", "scope", "risk_class", "resource", "description", "granted_at", "expires_at", "justification"],
};

export const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The record kind a CSV header names: the kind whose required columns it has. */
export function csvKind(header: string[]): RecordKind | undefined {
  if (header.includes("external_id")) return "identities";
  if (header.includes("fingerprint")) return "credentials";
  if (header.includes("scope") && header.includes("identity")) return "grants";
  if (header.includes("team") && !header.includes("identity")) return "owners";
  return undefined;
}
