// The ingest pipeline for one request: decode → adapt → validate → authorise sources → persist.
// Valid events are stored even when others in the batch are rejected; every rejection names the
// record's index, the field and why. Storage is all-or-nothing for the valid part.
import { assertCan, type Actor } from "../auth/roles";
import { pool } from "../db/client";
import { env } from "../env";
import { adaptRecords, FORMATS, type Format } from "./adapters";
import { decodeBody } from "./decode";
import { validateEvents, type RejectedRecord } from "./event-schema";
import { Gate } from "./limiter";
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

let gate: Gate | undefined;
export function ingestGate(): Gate {
  const max = env().WARDEN_INGEST_MAX_CONCURRENCY;
  gate ??= new Gate(max, max * 2);
  return gate;
}

export function ingestLimits() {
  return { maxEvents: env().WARDEN_INGEST_MAX_EVENTS, maxBytes: env().WARDEN_INGEST_MAX_BYTES };
}

/**
 * 200 when anything was stored (or already stored); 403 when the key may write none of the
 * batch's sources; 422 when nothing in the batch was valid.
 */
export function ingestStatus(r: IngestResult): number {
  if (r.accepted + r.duplicates > 0 || r.rejected.length === 0) return 200;
  return r.rejected.every((x) => x.field === "source" && x.reason.includes("not allowed")) ? 403 : 422;
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
  for (const v of valid) {
    const source = v.event.source ?? "canonical";
    if (allowed.length && !allowed.includes(source)) {
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
  const stored = await persistEvents(pool(), actor, events);
  allRejected.sort((a, b) => a.index - b.index);
  return {
    received: records.length,
    accepted: stored.inserted,
    duplicates: stored.duplicates,
    rejected: allRejected,
    skipped: adapted.skipped,
    discoveredIdentities: stored.discovered.length,
  };
}
