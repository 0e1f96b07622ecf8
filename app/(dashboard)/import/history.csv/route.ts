// GET /import/history.csv: the import history as CSV (one row per applied import).
import { route } from "@/lib/http/route";
import { importHistoryCsv } from "@/lib/inventory/import/history-csv";

export const GET = route({
  auth: "session",
  permission: "inventory:import",
  handler: async ({ actor }) =>
    new Response(await importHistoryCsv({ actor }), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="warden-import-history.csv"', "cache-control": "no-store" },
    }),
});
