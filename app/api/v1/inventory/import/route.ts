// POST /api/v1/inventory/import?source=aws|kubernetes|generic[&dryRun=true&mode=full|merge…]: an
// inventory export as multipart file parts or a raw body. An admin's session or an ingest key
// scoped to inventory. Answers the import's outcome (JSON), or its progress then outcome (NDJSON)
// when asked with `Accept: application/x-ndjson` (the Import page does).
import { env } from "@/lib/env";
import { progressResponse, wantsProgress } from "@/lib/http/progress-stream";
import { route } from "@/lib/http/route";
import { uploadFiles } from "@/lib/http/upload-files";
import { importInventory, MAX_IMPORT_FILES } from "@/lib/inventory/import/import-inventory";
import { ImportQuery } from "@/lib/inventory/import/query";

export const dynamic = "force-dynamic";

export const POST = route({
  auth: "session-or-key",
  permission: "inventory:import",
  query: ImportQuery,
  handler: async ({ actor, request, query }) => {
    const { filename, ...options } = query;
    const files = uploadFiles(request, { maxBytes: env().WARDEN_IMPORT_MAX_BYTES, maxFiles: MAX_IMPORT_FILES }, filename);
    const run = (progress?: (p: Record<string, unknown>) => void) => importInventory({ actor }, { options, files, progress });
    return wantsProgress(request) ? progressResponse(run) : run();
  },
});
