// POST /api/v1/events: a batch of audit events from a producer holding an ingest key.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { readBody } from "@/lib/http/read-body";
import { FORMATS, ingestBatch, ingestLimiter, ingestLimits, ingestStatus } from "@/lib/ingest/ingest-batch";

export const dynamic = "force-dynamic";

export const POST = route({
  auth: "ingest-key",
  permission: "events:write",
  query: z.object({ format: z.enum(FORMATS).optional() }),
  // The limiter refuses (429) before the body is read, so a saturated server spends nothing on it.
  handler: ({ actor, request, query }) =>
    ingestLimiter().run(async () => {
      const body = await readBody(request, ingestLimits().maxBytes);
      const result = await ingestBatch(actor, {
        body, format: query.format, contentType: request.headers.get("content-type"), contentEncoding: request.headers.get("content-encoding"),
      });
      return Response.json(result, { status: ingestStatus(result) });
    }),
});
