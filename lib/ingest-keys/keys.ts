// Ingest keys authenticate producers on POST /api/v1/events. A key is 32 random bytes shown once;
// only its SHA-256 is stored (a fast hash is right for high-entropy secrets: nothing to brute-force).
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../audit-log/append";
import { assertCan, type Actor } from "../auth/roles";
import { db } from "../db/client";

const PREFIX = "wdn_";

export const NewIngestKey = z.object({
  name: z.string().trim().min(1).max(64).regex(/^[\w.-]+$/, "use letters, digits, dot, dash or underscore"),
  allowedSources: z.array(z.string().trim().min(1).max(128)).max(50).default([]),
});
export type NewIngestKey = z.input<typeof NewIngestKey>;

export class IngestKeyError extends Error {}

export const hashKey = (key: string): string => createHash("sha256").update(key).digest("hex");

export type IngestKeySummary = {
  id: string; name: string; keyPrefix: string; allowedSources: string[];
  createdBy: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null;
};

export async function createIngestKey(actor: Actor, input: NewIngestKey): Promise<{ key: string; summary: IngestKeySummary }> {
  assertCan(actor, "ingest-keys:manage");
  const data = NewIngestKey.parse(input);
  const key = PREFIX + randomBytes(32).toString("base64url");
  const createdBy = actor.kind === "user" ? actor.email : actor.name;
  return db().$transaction(async (tx) => {
    if (await tx.ingestKey.findUnique({ where: { name: data.name } })) {
      throw new IngestKeyError(`an ingest key named "${data.name}" already exists`);
    }
    const k = await tx.ingestKey.create({
      data: { name: data.name, keyHash: hashKey(key), keyPrefix: key.slice(0, 10), allowedSources: data.allowedSources, createdBy },
    });
    await appendAudit(tx, actor, {
      action: "ingest_key.create", targetType: "ingest_key", targetId: k.id,
      detail: { name: k.name, allowedSources: k.allowedSources },
    });
    return { key, summary: strip(k) };
  });
}

export async function revokeIngestKey(actor: Actor, name: string): Promise<IngestKeySummary> {
  assertCan(actor, "ingest-keys:manage");
  return db().$transaction(async (tx) => {
    const k = await tx.ingestKey.findUnique({ where: { name } });
    if (!k) throw new IngestKeyError(`no ingest key named "${name}"`);
    if (k.revokedAt) throw new IngestKeyError(`ingest key "${name}" was already revoked`);
    const updated = await tx.ingestKey.update({ where: { id: k.id }, data: { revokedAt: new Date() } });
    await appendAudit(tx, actor, { action: "ingest_key.revoke", targetType: "ingest_key", targetId: k.id, detail: { name } });
    return strip(updated);
  });
}

export async function listIngestKeys(actor: Actor): Promise<IngestKeySummary[]> {
  assertCan(actor, "ingest-keys:manage");
  const keys = await db().ingestKey.findMany({ orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }] });
  return keys.map(strip);
}

function strip(k: IngestKeySummary & { keyHash?: string }): IngestKeySummary {
  const { id, name, keyPrefix, allowedSources, createdBy, createdAt, lastUsedAt, revokedAt } = k;
  return { id, name, keyPrefix, allowedSources, createdBy, createdAt, lastUsedAt, revokedAt };
}

// last_used_at is written at most once a minute per key: it is a hint, not a hot-path write.
const lastTouched = new Map<string, number>();

export class UnauthenticatedError extends Error {}

/** Resolves `Authorization: Bearer <key>` to an ingest-key actor, or throws UnauthenticatedError. */
export async function authenticateIngestKey(authorization: string | null): Promise<Extract<Actor, { kind: "ingest-key" }>> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!m) throw new UnauthenticatedError("send the ingest key as `Authorization: Bearer <key>`");
  const k = await db().ingestKey.findUnique({ where: { keyHash: hashKey(m[1]) } });
  if (!k) throw new UnauthenticatedError("unknown ingest key");
  if (k.revokedAt) throw new UnauthenticatedError(`ingest key "${k.name}" was revoked`);
  const now = Date.now();
  if (now - (lastTouched.get(k.id) ?? 0) > 60_000) {
    lastTouched.set(k.id, now);
    await db().ingestKey.update({ where: { id: k.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { kind: "ingest-key", id: k.id, name: k.name, allowedSources: k.allowedSources };
}
