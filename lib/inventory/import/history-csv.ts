// The import history as CSV: what the history table shows, one row per import and file list.
import type { Ctx } from "../../core/verb";
import { csvLine } from "../../exports/csv";
import { listImports } from "./list-imports";

const COLUMNS = ["import_id", "applied_at", "source", "mode", "files", "file_sha256", "collected_at", "command", "applied_by", "identities_added", "identities_changed",
  "identities_decommissioned", "identities_merged", "grants_added", "grants_changed", "grants_revoked", "credentials_added", "credentials_changed", "credentials_revoked"];

export async function importHistoryCsv(ctx: Ctx): Promise<string> {
  const rows = await listImports(ctx, { limit: 500 });
  return [
    csvLine(COLUMNS),
    ...rows.map((r) => {
      const c = r.counts;
      return csvLine([
        r.id, r.createdAt, r.source, r.mode, r.files.map((f) => f.name).join(" "), r.files.map((f) => f.sha256).join(" "), r.collectedAt, r.command, r.actorLabel,
        c.identities?.added, c.identities?.changed, c.identities?.removed, c.identities?.merged, c.grants?.added, c.grants?.changed, c.grants?.removed,
        c.credentials?.added, c.credentials?.changed, c.credentials?.removed,
      ]);
    }),
  ].join("");
}
