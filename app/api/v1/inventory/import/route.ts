// POST /api/v1/inventory/import?source=aws|kubernetes|generic[&dryRun=true&mode=full|merge…]: an
// inventory export as multipart file parts or a raw body. An admin's session or an ingest key
// scoped to inventory. Answers the import's outcome (JSON), or its progress then outcome (NDJSON)
// when asked with `Accept: application/x-ndjson` (the Import page does).
import { z } from "zod";
import { env } from "@/lib/env";
import { progressResponse, wantsProgress } from "@/lib/http/progress-stream";
import { route } from "@/lib/http/route";
import { uploadFiles } from "@/lib/http/upload-files";
import { importInventory, MAX_IMPORT_FILES } from "@/lib/inventory/import/import-inventory";
import { IMPORT_MODES, IMPORT_SOURCES } from "@/lib/inventory/import/types";

export const dynamic = "force-dynamic";

const list = z.string().max(100_000).transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const Query = z.object({
  source: z.enum(IMPORT_SOURCES),
  mode: z.enum(IMPORT_MODES).optional(),
  dryRun: flag.optional(),
  collectedAt: z.string().max(40).optional(),
  command: z.string().max(2000).optional(),
  ownerKeys: list.optional(),
  teamKeys: list.optional(),
  environment: z.string().max(100).optional(),
  cluster: z.string().max(100).optional(),
  nhi: list.optional(),
  human: list.optional(),
  plan: z.string().max(64).optional(),
  /** The name of a raw-body upload (multipart parts carry their own). */
  filename: z.string().max(255).optional(),
});

export const POST = route({
  auth: "session-or-key",
  permission: "inventory:import",
  query: Query,
  handler: async ({ actor, request, query }) => {
    const { filename, ...options } = query;
    const files = uploadFiles(request, { maxBytes: env().WARDEN_IMPORT_MAX_BYTES, maxFiles: MAX_IMPORT_FILES }, filename);
    const run = (progress?: (p: Record<string, unknown>) => void) => importInventory({ actor }, { options, files, progress });
    return wantsProgress(request) ? progressResponse(run) : run();
  },
});
