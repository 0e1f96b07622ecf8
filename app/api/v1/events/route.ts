import { z } from "zod";
import { handle } from "@/lib/http/problem";
import { readBody } from "@/lib/http/read-body";
import { authenticateIngestKey } from "@/lib/ingest-keys/keys";
import { FORMATS, ingestBatch, ingestGate, ingestLimits, ingestStatus } from "@/lib/ingest/ingest-batch";

export const dynamic = "force-dynamic";
const Query = z.object({ format: z.enum(FORMATS).optional() });

export function POST(req: Request) {
  return handle(async () => {
    const actor = await authenticateIngestKey(req.headers.get("authorization"));
    const { format } = Query.parse(Object.fromEntries(new URL(req.url).searchParams));
    return ingestGate().run(async () => {
      const body = await readBody(req, ingestLimits().maxBytes);
      const result = await ingestBatch(actor, {
        body, format, contentType: req.headers.get("content-type"), contentEncoding: req.headers.get("content-encoding"),
      });
      return Response.json(result, { status: ingestStatus(result) });
    });
  });
}
