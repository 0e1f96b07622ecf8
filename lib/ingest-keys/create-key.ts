// Creates an ingest key. The key itself is returned once and never stored; its hash is.
import { z } from "zod";
import { KEY_SCOPES, type Actor } from "../auth/roles";
import { WardenError } from "../core/errors";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { generateKey, hashKey, KEY_SUMMARY, type IngestKeySummary } from "./key-format";

export const NewIngestKey = z.object({
  name: z.string().trim().min(1).max(64).regex(/^[\w.-]+$/, "use letters, digits, dot, dash or underscore"),
  allowedSources: z.array(z.string().trim().min(1).max(128)).max(50).default([]),
  /** events: POST /api/v1/events; inventory: POST /api/v1/inventory/import. */
  scopes: z.array(z.enum(KEY_SCOPES)).min(1, "choose at least one use").max(2).default(["events"]).transform((s) => [...new Set(s)]),
});
export type NewIngestKey = z.input<typeof NewIngestKey>;

const createdBy = (actor: Actor) => (actor.kind === "user" ? actor.email : actor.name);

export const createIngestKey = defineVerb({
  action: "ingest_key.create",
  permission: "ingest-keys:manage",
  input: NewIngestKey,
  async run(tx, data, actor) {
    const key = generateKey();
    const summary = await tx.one<IngestKeySummary>(sql`
      INSERT INTO ingest_keys (name, key_hash, key_prefix, allowed_sources, scopes, created_by)
      VALUES (${data.name}, ${hashKey(key)}, ${key.slice(0, 10)}, ${data.allowedSources}::text[], ${data.scopes}::text[], ${createdBy(actor)})
      ON CONFLICT (name) DO NOTHING
      RETURNING ${KEY_SUMMARY}`);
    if (!summary) throw new WardenError("conflict", `an ingest key named "${data.name}" already exists`, { field: "name" });
    return {
      result: { key, summary },
      audit: { targetType: "ingest_key", targetId: summary.id, detail: { name: summary.name, allowedSources: summary.allowedSources, scopes: summary.scopes } },
    };
  },
});
