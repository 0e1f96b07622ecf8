// Test helpers: import files from disk or from text, the real inventory samples next to the
// repository, and a snapshot of what an import can change (to prove a second import changes nothing).
import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type pg from "pg";
import { samplesDir } from "../../ingest/adapters/test-samples";
import type { ImportFile } from "./file-reader";

export const AWS_SAMPLES = "inventory/aws-iam-authorization-details";

export function sampleFile(rel: string): ImportFile {
  const full = path.join(samplesDir(), rel);
  return { name: path.basename(full), stream: createReadStream(full) };
}

export function sampleJson<T = unknown>(rel: string): T {
  return JSON.parse(readFileSync(path.join(samplesDir(), rel), "utf8")) as T;
}

export const fixtureFile = (name: string): ImportFile => ({
  name, stream: createReadStream(path.join(import.meta.dirname, "fixtures", name)),
});

export const textFile = (name: string, text: string): ImportFile => ({ name, stream: Readable.from([Buffer.from(text)]) });

/** Everything an import writes, in a stable order: equal snapshots mean nothing changed. */
export async function inventorySnapshot(pool: pg.Pool) {
  const q = async (text: string) => (await pool.query(text)).rows;
  return {
    identities: await q(`SELECT id, external_id, name, kind, actor_type, provider, environment, status, purpose, owner_id, attributes,
                                last_seen_at, import_id, created_import_id, import_scope, risk_score FROM identities ORDER BY external_id`),
    grants: await q(`SELECT id, identity_id, scope_id, granted_by, granted_at, revoked_at, revoke_reason, import_id, provenance FROM grants ORDER BY id`),
    credentials: await q(`SELECT * FROM credentials ORDER BY fingerprint`),
    scopes: await q(`SELECT * FROM scopes ORDER BY name`),
    owners: await q(`SELECT * FROM owners ORDER BY id`),
    aliases: await q(`SELECT alias, identity_id, kind, import_id FROM identity_aliases ORDER BY alias`),
    links: await q(`SELECT * FROM identity_links ORDER BY identity_id, target_ref`),
  };
}
