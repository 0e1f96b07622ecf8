// A streamed file download for the console's exports: attachment headers that keep the file out
// of caches and content sniffing, and a plain 403 when the lib call refuses the role.
import { ForbiddenError } from "../auth/roles";

export type Download = { filename: string; contentType: string; stream: ReadableStream<Uint8Array> };

export async function downloadResponse(make: () => Promise<Download>): Promise<Response> {
  try {
    const { filename, contentType, stream } = await make();
    return new Response(stream, {
      headers: {
        "Content-Type": contentType,
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
