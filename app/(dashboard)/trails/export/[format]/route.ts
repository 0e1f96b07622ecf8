// GET /trails/export/{csv|ndjson}?<explorer filters>: exactly the filtered set, streamed in keyset
// batches. Thin: parse, one lib call (which authorizes and audits the export).
import { z } from "zod";
import { WardenError } from "@/lib/core/errors";
import { exportEvents } from "@/lib/events/export-events";
import { parseEventFilters } from "@/lib/events/filters";
import { EXPORT_FORMATS } from "@/lib/exports/stream-export";
import { downloadResponse, route } from "@/lib/http/route";

const Format = z.enum(EXPORT_FORMATS);

export const GET = route({
  auth: "session",
  permission: "events:read",
  params: z.object({ format: z.string() }),
  async handler({ actor, request, params }) {
    const format = Format.safeParse(params.format);
    if (!format.success) throw new WardenError("not_found", "Unknown export format: use csv or ndjson");
    // The view state's own parser: the same lenient reading (first of repeated keys) as the page.
    const filters = parseEventFilters(new URL(request.url).searchParams);
    return downloadResponse(await exportEvents({ actor }, { filters, format: format.data }));
  },
});
