// Resolves `Authorization: Bearer <key>` to an ingest-key actor. Authentication comes before any
// actor exists, so this reads through the runner directly (an allowed exception of the verb rule).
import type { Actor, KeyScope } from "../auth/roles";
import { WardenError } from "../core/errors";
import { runner, sql } from "../db/sql";
import { hashKey } from "./key-format";

// last_used_at is written at most once a minute per key: it is a hint, not a hot-path write.
const lastTouched = new Map<string, number>();

export type IngestKeyActor = Extract<Actor, { kind: "ingest-key" }>;

export async function authenticateIngestKey(authorization: string | null): Promise<IngestKeyActor> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!m) throw new WardenError("unauthenticated", "send the ingest key as `Authorization: Bearer <key>`");
  const db = runner();
  const k = await db.one<{ id: string; name: string; allowed_sources: string[]; scopes: KeyScope[]; revoked: boolean }>(sql`
    SELECT id, name, allowed_sources, scopes, revoked_at IS NOT NULL AS revoked FROM ingest_keys WHERE key_hash = ${hashKey(m[1])}`);
  if (!k) throw new WardenError("unauthenticated", "unknown ingest key");
  if (k.revoked) throw new WardenError("unauthenticated", `ingest key "${k.name}" was revoked`);
  const now = Date.now();
  if (now - (lastTouched.get(k.id) ?? 0) > 60_000) {
    lastTouched.set(k.id, now);
    await db.exec(sql`UPDATE ingest_keys SET last_used_at = ${new Date(now)} WHERE id = ${k.id}::uuid`);
  }
  return { kind: "ingest-key", id: k.id, name: k.name, allowedSources: k.allowed_sources, scopes: k.scopes };
}
