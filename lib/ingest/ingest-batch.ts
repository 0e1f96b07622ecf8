// The ingest pipeline for one request: decode → adapt → validate → authorise sources → persist.
// Valid events are stored even when others in the batch are rejected; every rejection names the
// record's index, the field and why. Storage is all-or-nothing for the valid part.
import { assertCan, type Actor } from "../auth/roles";
import { WardenError } from "../core/errors";
import { pool } from "../db/client";
import { env } from "../env";
import { adaptRecords, FORMATS, type Format } from "./adapters";
import { decodeBody } from "./decode";
import { validateEvents, type RejectedRecord } from "./event-schema";
import { ConcurrencyLimiter } from "./limiter";
import { persistEvents, type StoredEvent } from "./persist";

export type IngestRequest = {
  body: Buffer;
  contentType?: string | null;
  contentEncoding?: string | null;
  format?: Format;
};

export type IngestResult = {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: RejectedRecord[];
  /** Records that are not events (e.g. a Kubernetes RequestReceived stage), with the reason. */
  skipped: { index: number; reason: string }[];
  discoveredIdentities: number;
};

export { FORMATS, type Format };

let limiter: ConcurrencyLimiter | undefined;
export function ingestLimiter(): ConcurrencyLimiter {
  const max = env().WARDEN_INGEST_MAX_CONCURRENCY;
  limiter ??= new ConcurrencyLimiter(max, max * 2);
  return limiter;
}

export function ingestLimits() {
  return { maxEvents: env().WARDEN_INGEST_MAX_EVENTS, maxBytes: env().WARDEN_INGEST_MAX_BYTES };
}

/** 200 when anything was stored (or already stored) or nothing was wrong; 422 when nothing in the batch was valid. */
export function ingestStatus(r: IngestResult): number {
  return r.accepted + r.duplicates > 0 || r.rejected.length === 0 ? 200 : 422;
}

export async function ingestBatch(actor: Actor, req: IngestRequest): Promise<IngestResult> {
  assertCan(actor, "events:write");
  const limits = ingestLimits();
  const { records } = decodeBody(req.body, {
    contentType: req.contentType ?? undefined,
    contentEncoding: req.contentEncoding ?? undefined,
    ...limits,
  });
  const adapted = adaptRecords(records, req.format);
  const { valid, rejected } = validateEvents(adapted.events, { source: req.format ?? "canonical" });
  const allRejected: RejectedRecord[] = [
    ...adapted.rejected,
    ...rejected.map((r) => ({ ...r, index: adapted.indexOf[r.index] ?? r.index })),
  ];
  const allowed = actor.kind === "ingest-key" ? actor.allowedSources : [];
  const events: StoredEvent[] = [];
  let forbiddenSources = 0;
  for (const v of valid) {
    const source = v.event.source ?? "canonical";
    if (allowed.length && !allowed.includes(source)) {
      forbiddenSources++;
      allRejected.push({
        index: adapted.indexOf[v.index] ?? v.index,
        field: "source",
        reason: `source "${source.slice(0, 100)}" is not allowed for this ingest key (allowed: ${allowed.join(", ")})`,
      });
      continue;
    }
    v.event.source = source;
    events.push(v.event as StoredEvent);
  }
  allRejected.sort((a, b) => a.index - b.index);
  // The key may write none of the batch's sources: a permission refusal (403), not bad input.
  if (events.length === 0 && forbiddenSources > 0 && forbiddenSources === allRejected.length) {
    throw new WardenError("forbidden", allRejected[0].reason, { field: "source", extra: { rejected: allRejected } });
  }
  const stored = await persistEvents(pool(), actor, events);
  return {
    received: records.length,
    accepted: stored.inserted,
    duplicates: stored.duplicates,
    rejected: allRejected,
    skipped: adapted.skipped,
    discoveredIdentities: stored.discovered.length,
  };
}
