// Ingest keys authenticate producers on POST /api/v1/events. A key is 32 random bytes shown once;
// only its SHA-256 is stored (a fast hash is right for high-entropy secrets: nothing to brute-force).
import { createHash, randomBytes } from "node:crypto";
import type { KeyScope } from "../auth/roles";
import { sql } from "../db/sql";

const PREFIX = "wdn_";

export const hashKey = (key: string): string => createHash("sha256").update(key).digest("hex");
export const generateKey = (): string => PREFIX + randomBytes(32).toString("base64url");

export type IngestKeySummary = {
  id: string; name: string; keyPrefix: string; allowedSources: string[]; scopes: KeyScope[];
  createdBy: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null;
};

/** The summary columns (never the hash), for SELECT and RETURNING. */
export const KEY_SUMMARY = sql`id, name, key_prefix AS "keyPrefix", allowed_sources AS "allowedSources", scopes,
  created_by AS "createdBy", created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;
