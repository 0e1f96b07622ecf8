// GET /findings/export?<filters>: every finding matching the queue's filters as CSV, streamed.
import { exportFindingsCsv } from "@/lib/findings/export-findings";
import { parseFindingFilters } from "@/lib/findings/filters";
import { downloadResponse, route } from "@/lib/http/route";

export const GET = route({
  auth: "session",
  permission: "findings:read",
  async handler({ actor, request }) {
    const filters = parseFindingFilters(new URL(request.url).searchParams);
    return downloadResponse(await exportFindingsCsv({ actor }, { filters }));
  },
});
