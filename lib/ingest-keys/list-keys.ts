// The ingest keys for Settings: active first, then by name. Never the hash.
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";
import { KEY_SUMMARY, type IngestKeySummary } from "./key-format";

export const listIngestKeys = defineQuery({
  permission: "ingest-keys:manage",
  run: (db) => db.rows<IngestKeySummary>(sql`SELECT ${KEY_SUMMARY} FROM ingest_keys ORDER BY revoked_at ASC NULLS FIRST, name`),
});
