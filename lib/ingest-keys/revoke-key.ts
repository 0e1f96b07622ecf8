// Revokes an ingest key by name: its next request is refused (401).
import { z } from "zod";
import { WardenError } from "../core/errors";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { KEY_SUMMARY, type IngestKeySummary } from "./key-format";

export const RevokeIngestKey = z.object({ name: z.string().trim().min(1).max(64) });

export const revokeIngestKey = defineVerb({
  action: "ingest_key.revoke",
  permission: "ingest-keys:manage",
  input: RevokeIngestKey,
  async run(tx, { name }) {
    const k = await tx.one<{ id: string; revoked: boolean }>(sql`
      SELECT id, revoked_at IS NOT NULL AS revoked FROM ingest_keys WHERE name = ${name} FOR UPDATE`);
    if (!k) throw new WardenError("not_found", `no ingest key named "${name}"`, { field: "name" });
    if (k.revoked) throw new WardenError("conflict", `ingest key "${name}" was already revoked`, { field: "name" });
    const summary = (await tx.one<IngestKeySummary>(sql`
      UPDATE ingest_keys SET revoked_at = now() WHERE id = ${k.id}::uuid RETURNING ${KEY_SUMMARY}`))!;
    return { result: summary, audit: { targetType: "ingest_key", targetId: k.id, detail: { name } } };
  },
});
