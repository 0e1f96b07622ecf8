// The files of an upload, streamed: `multipart/form-data` (one or more file parts, as a browser or
// `curl -F file=@…` sends them; parsed by busboy as the bytes arrive) or a raw body (one file, as
// `curl --data-binary @…` sends it). Each file is handed over as a stream to be read to its end
// before the next one arrives; nothing is buffered whole. Over the byte cap is 413.
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { WardenError } from "../core/errors";
import type { ImportFile } from "../inventory/import/file-reader";

export type UploadLimits = { maxBytes: number; maxFiles: number };

function tooLarge(maxBytes: number): WardenError {
  return new WardenError("too_large", `the upload is over ${maxBytes} bytes (${(maxBytes / 1024 / 1024).toFixed(0)} MB); set WARDEN_IMPORT_MAX_BYTES to allow more`, {
    extra: { limitBytes: maxBytes },
  });
}

/** Counts bytes through a stream, failing it past the cap. */
async function* capped(source: AsyncIterable<Uint8Array>, limit: { left: number; maxBytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    limit.left -= chunk.byteLength;
    if (limit.left < 0) throw tooLarge(limit.maxBytes);
    yield chunk;
  }
}

export async function* uploadFiles(request: Request, limits: UploadLimits, rawName = "upload"): AsyncGenerator<ImportFile> {
  if (!request.body) throw new WardenError("invalid", "no file in the request body", { field: "file" });
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const limit = { left: limits.maxBytes, maxBytes: limits.maxBytes };
  const body = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    yield { name: rawName, stream: capped(body, limit) };
    return;
  }
  const files: ImportFile[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  let failure: unknown;
  const notify = () => wake?.();
  const bb = busboy({ headers: { "content-type": type }, limits: { files: limits.maxFiles, fileSize: limits.maxBytes } });
  bb.on("file", (_field, stream, info) => {
    stream.on("limit", () => stream.destroy(tooLarge(limits.maxBytes)));
    files.push({ name: info.filename || `file-${files.length + 1}`, stream: capped(stream, limit) });
    notify();
  });
  bb.on("filesLimit", () => {
    failure = new WardenError("invalid", `at most ${limits.maxFiles} files per import`, { field: "file" });
    notify();
  });
  bb.on("error", (e) => {
    failure = new WardenError("invalid", `the multipart body is malformed: ${(e as Error).message}`, { field: "file" });
    notify();
  });
  bb.on("close", () => {
    done = true;
    notify();
  });
  body.pipe(bb);
  try {
    for (;;) {
      if (failure) throw failure;
      const next = files.shift();
      if (next) {
        yield next;
        continue;
      }
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    body.unpipe(bb);
    body.destroy();
  }
}
