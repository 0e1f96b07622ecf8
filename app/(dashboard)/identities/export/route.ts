// GET /identities/export?<filters>: the whole filtered set as CSV, streamed in batches.
import { requireUser } from "@/lib/auth/session";
import { downloadResponse } from "@/lib/http/download";
import { exportIdentitiesCsv } from "@/lib/inventory/export-identities";
import { parseIdentityFilters } from "@/lib/inventory/filters";

export async function GET(request: Request): Promise<Response> {
  const user = await requireUser();
  const filters = parseIdentityFilters(new URL(request.url).searchParams);
  return downloadResponse(async () => ({
    ...(await exportIdentitiesCsv(user, filters)),
    contentType: "text/csv; charset=utf-8",
  }));
}
