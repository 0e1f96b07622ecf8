// Reads a request body with a hard byte cap, so an oversized upload is refused (413) while it
// streams in instead of after it has filled memory.
import { WardenError } from "../core/errors";

export async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes, declared);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(maxBytes: number, got?: number): WardenError {
  const mb = (maxBytes / 1024 / 1024).toFixed(0);
  return new WardenError(
    "too_large",
    `request body ${got ? `is ${got} bytes; ` : "is too large; "}the limit is ${maxBytes} bytes (${mb} MB) per request — split the batch`,
    { extra: { limitBytes: maxBytes } },
  );
}
