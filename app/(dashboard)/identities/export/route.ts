// GET /identities/export?<filters>: the whole filtered set as CSV, streamed in batches.
import { downloadResponse, route } from "@/lib/http/route";
import { exportIdentitiesCsv } from "@/lib/inventory/export-identities";
import { parseIdentityFilters } from "@/lib/inventory/filters";

export const GET = route({
  auth: "session",
  permission: "inventory:read",
  async handler({ actor, request }) {
    // The view state's own parser: the same lenient reading (first of repeated keys) as the page.
    const filters = parseIdentityFilters(new URL(request.url).searchParams);
    return downloadResponse(await exportIdentitiesCsv({ actor }, { filters }));
  },
});
