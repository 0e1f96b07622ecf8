// Seeding is for empty databases: refuse when there is an inventory or events, unless asked to
// reset — which wipes inventory, events (their partitions are dropped) and rollups, and never
// users, ingest keys or Warden's own audit log.
import type pg from "pg";

export class SeedRefusedError extends Error {}

type Client = Pick<pg.PoolClient, "query" | "escapeIdentifier">;

// Findings and review items hang off identities and grants, so they go with them.
const INVENTORY_TABLES = [
  "event_rollups_hourly", "event_rollup_deltas", "findings", "finding_candidates", "source_candidates", "credential_sources", "detector_runs", "review_items", "review_campaigns", "grants", "credentials", "identities", "owners", "scopes",
];

export async function guardOrReset(client: Client, reset: boolean, log: (m: string) => void): Promise<void> {
  const { rows } = await client.query<{ identities: number; events: boolean }>(
    "SELECT (SELECT count(*) FROM identities)::int AS identities, EXISTS (SELECT 1 FROM audit_events) AS events",
  );
  const { identities, events } = rows[0];
  if (!reset) {
    if (identities > 0 || events) {
      const what = identities > 0 ? `${identities} identities` : "audit events";
      throw new SeedRefusedError(`the database already has ${what}; re-run with --reset to replace them with the demo estate`);
    }
    // Rollups without events or identities are leftovers; the load below assumes an empty table.
    await client.query("TRUNCATE event_rollups_hourly, event_rollup_deltas");
    return;
  }
  const parts = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'audit_events'::regclass ORDER BY 1`,
  );
  if (parts.rows.length) {
    await client.query(`DROP TABLE ${parts.rows.map((r) => client.escapeIdentifier(r.name)).join(", ")}`);
  }
  // CASCADE: tables other features add later that reference the inventory are emptied too.
  await client.query(`TRUNCATE ${INVENTORY_TABLES.join(", ")} CASCADE`);
  log(`reset: dropped ${parts.rows.length} event partitions, emptied ${INVENTORY_TABLES.join(", ")}`);
}
