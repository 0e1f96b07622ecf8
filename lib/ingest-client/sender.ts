// Client side of the ingest API, shared by the bulk CLI and the fault test: sends one batch and
// retries what was not acknowledged (429 with Retry-After, 503, network errors) with backoff.
// Retrying is always safe because the server is idempotent on (source, eventId, occurredAt).
import { gzipSync } from "node:zlib";

export type BatchOutcome = {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; reason: string }[];
  retries: number;
};

export class IngestClientError extends Error {}

export type SendOptions = { url: string; key: string; format?: string; maxRetries?: number; sleep?: (ms: number) => Promise<void> };

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function sendBatch(records: unknown[], opts: SendOptions): Promise<BatchOutcome> {
  const body = gzipSync(JSON.stringify(records));
  const endpoint = `${opts.url.replace(/\/$/, "")}/api/v1/events${opts.format ? `?format=${encodeURIComponent(opts.format)}` : ""}`;
  const sleep = opts.sleep ?? wait;
  const maxRetries = opts.maxRetries ?? 30;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: "POST",
        body,
        headers: { authorization: `Bearer ${opts.key}`, "content-type": "application/json", "content-encoding": "gzip" },
      });
    } catch (e) {
      if (attempt >= maxRetries) throw new IngestClientError(`cannot reach ${opts.url}: ${(e as Error).message}`);
      await sleep(Math.min(10_000, 250 * 2 ** attempt));
      continue;
    }
    const json = (await res.json().catch(() => ({}))) as Partial<BatchOutcome> & { detail?: string };
    if (res.status === 429 || res.status === 503) {
      if (attempt >= maxRetries) throw new IngestClientError(`gave up after ${attempt} retries: ${json.detail ?? res.status}`);
      const after = Number(res.headers.get("retry-after"));
      await sleep(Number.isFinite(after) && after > 0 ? after * 1000 : Math.min(10_000, 250 * 2 ** attempt));
      continue;
    }
    if (res.status === 200 || res.status === 422) {
      return { accepted: json.accepted ?? 0, duplicates: json.duplicates ?? 0, rejected: json.rejected ?? [], retries: attempt };
    }
    throw new IngestClientError(`the server refused the batch (${res.status}): ${json.detail ?? "no detail"}`);
  }
}
