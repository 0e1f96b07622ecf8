// The applied imports, newest first, for the Import page's history: what was read (files, SHA-256),
// from where, when it was collected, what it changed and who ran it.
import { z } from "zod";
import { defineQuery } from "../../core/verb";
import { sql } from "../../db/sql";
import type { FileInfo } from "./types";

export type ImportRecord = {
  id: string;
  source: string;
  mode: string;
  files: FileInfo[];
  collectedAt: string;
  createdAt: string;
  command: string;
  actorLabel: string;
  coverage: { identities: string[] };
  counts: {
    read?: Record<string, number>;
    identities?: { added: number; changed: number; removed: number; merged: number };
    grants?: { added: number; changed: number; removed: number };
    credentials?: { added: number; changed: number; removed: number };
  };
  /** Identities whose last change is this import. */
  identities: number;
};

type Raw = Omit<ImportRecord, "collectedAt" | "createdAt"> & { collectedAt: Date; createdAt: Date };

export const listImports = defineQuery({
  permission: "inventory:import",
  input: z.object({ limit: z.number().int().min(1).max(500).default(50) }),
  async run(db, { limit }): Promise<ImportRecord[]> {
    const rows = await db.rows<Raw>(sql`
      SELECT m.id, m.source, m.mode, m.files, m.collected_at AS "collectedAt", m.created_at AS "createdAt", m.command,
             m.actor_label AS "actorLabel", m.coverage, m.counts,
             (SELECT count(*) FROM identities i WHERE i.import_id = m.id)::int AS identities
        FROM inventory_imports m ORDER BY m.created_at DESC, m.id LIMIT ${limit}`);
    return rows.map((r) => ({ ...r, collectedAt: r.collectedAt.toISOString(), createdAt: r.createdAt.toISOString() }));
  },
});
