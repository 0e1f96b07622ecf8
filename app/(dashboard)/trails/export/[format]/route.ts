// GET /trails/export/{csv|ndjson}?<explorer filters>: exactly the filtered set, streamed in keyset
// batches. Thin: parse, authenticate, one lib call (which authorizes and audits the export).
import { z } from "zod";
import { EXPORT_FORMATS, exportEvents } from "@/lib/analytics/trails-export";
import { parseEventFilters } from "@/lib/analytics/trails-filters";
import { requireUser } from "@/lib/auth/session";
import { downloadResponse } from "@/lib/http/download";

const Format = z.enum(EXPORT_FORMATS);

export async function GET(request: Request, ctx: { params: Promise<{ format: string }> }): Promise<Response> {
  const format = Format.safeParse((await ctx.params).format);
  if (!format.success) return new Response("Unknown export format: use csv or ndjson\n", { status: 404 });
  const user = await requireUser();
  const filters = parseEventFilters(new URL(request.url).searchParams);
  return downloadResponse(() => exportEvents(user, filters, format.data));
}
