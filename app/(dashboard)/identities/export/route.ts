// GET /identities/export?<filters>: the whole filtered set as CSV, streamed in batches.
import { ForbiddenError } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { exportIdentitiesCsv } from "@/lib/inventory/export-identities";
import { parseIdentityFilters } from "@/lib/inventory/filters";

export async function GET(request: Request): Promise<Response> {
  const user = await requireUser();
  const filters = parseIdentityFilters(new URL(request.url).searchParams);
  try {
    const { filename, stream } = await exportIdentitiesCsv(user, filters);
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    if (e instanceof ForbiddenError) return new Response("Forbidden\n", { status: 403 });
    throw e;
  }
}
