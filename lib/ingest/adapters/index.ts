// Format detection and adaptation of a decoded batch. Output events are CanonicalEvent-shaped input
// for validateEvents; indexOf maps each event back to its record's index in the batch.
import type { RejectedRecord } from "../event-schema";
import { canonical } from "./canonical";
import { cloudtrail } from "./cloudtrail";
import { k8sAudit } from "./k8s-audit";
import { ocsf } from "./ocsf";
import { isSkip, type Adapter, type Format } from "./types";

export { FORMATS, isSkip, type Adapter, type AdapterSkip, type Format } from "./types";

// Detection order: the native formats have distinctive keys; canonical is the fallback.
const DETECTION_ORDER: readonly Adapter[] = [cloudtrail, k8sAudit, ocsf, canonical];
export const ADAPTERS: Readonly<Record<Format, Adapter>> = { canonical, cloudtrail, "k8s-audit": k8sAudit, ocsf };

const DESCRIPTIONS: Record<Format, string> = {
  canonical: "a canonical event",
  cloudtrail: "a CloudTrail record (eventSource, eventName, userIdentity)",
  "k8s-audit": "a Kubernetes audit event (auditID, verb, user)",
  ocsf: "an OCSF event (numeric class_uid)",
};

const UNRECOGNISED =
  "record format not recognised: expected a canonical event (eventId, occurredAt, identity, action, decision), " +
  "a CloudTrail record, a Kubernetes audit event or an OCSF event";
const CANONICAL_REQUIRED = ["eventId", "occurredAt", "identity", "action", "decision"];

/** An object with none of the canonical required fields is another format, not a broken event. */
function looksForeign(record: unknown): boolean {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return false;
  return !CANONICAL_REQUIRED.some((key) => key in record);
}

export function detectFormat(record: unknown): Format {
  for (const adapter of DETECTION_ORDER) if (adapter.detect(record)) return adapter.name;
  return "canonical";
}

export interface AdaptResult {
  /** CanonicalEvent-shaped inputs, in batch order. */
  events: unknown[];
  /** indexOf[i] is the batch index of the record events[i] came from. */
  indexOf: number[];
  /** Records that cannot be adapted (not of the requested format), by batch index. */
  rejected: RejectedRecord[];
  /** Records that are not events (an adapter's AdapterSkip), by batch index. */
  skipped: { index: number; reason: string }[];
  /** How many records each adapter handled. */
  formats: Partial<Record<Format, number>>;
}

/**
 * Adapt a batch. With `format`, every record must be of that format (others are rejected with a
 * sentence saying what was expected); without it, each record's format is detected on its own, so
 * a mixed batch works.
 */
export function adaptRecords(records: unknown[], format?: Format): AdaptResult {
  const result: AdaptResult = { events: [], indexOf: [], rejected: [], skipped: [], formats: {} };
  const forced = format ? ADAPTERS[format] : undefined;
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    const adapter = forced ?? DETECTION_ORDER.find((a) => a.detect(record)) ?? canonical;
    if (forced && forced !== canonical && !forced.detect(record)) {
      result.rejected.push({ index, field: "(root)", reason: `record is not ${DESCRIPTIONS[forced.name]}; check the format parameter` });
      continue;
    }
    if (!forced && adapter === canonical && looksForeign(record)) {
      result.rejected.push({ index, field: "(root)", reason: UNRECOGNISED });
      continue;
    }
    const out = adapter.adapt(record);
    result.formats[adapter.name] = (result.formats[adapter.name] ?? 0) + 1;
    if (isSkip(out)) {
      result.skipped.push({ index, reason: out.reason });
      continue;
    }
    result.events.push(out);
    result.indexOf.push(index);
  }
  return result;
}
