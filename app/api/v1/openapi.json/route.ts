import { openApiDocument } from "@/lib/http/openapi";

export function GET(req: Request) {
  return Response.json(openApiDocument(new URL(req.url).origin));
}
