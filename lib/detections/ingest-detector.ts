// The shape of a detector that runs on each ingest batch (and on stored events, for a backfill):
// it looks at one event at a time, in memory, with the facts ingest already loaded for the batch,
// and raises candidates. No SQL here: whatever state a detector needs is prepared per batch
// (known-sources.ts) so that the hot path adds no round trip per detector.
import type { z } from "zod";
import type { Candidate } from "./candidate";
import type { DetectorInfo } from "./detector";

export type DetectEvent = {
  at: number;
  source: string;
  eventId: string;
  identityId: string;
  actorType: "nhi" | "human";
  credentialRef?: string;
  action: string;
  scope?: string;
  resource?: string;
  decision: string;
  sourceIp?: string;
  userAgent?: string;
  origin?: string;
  /** The environment the producer reported for the event (not the identity's). */
  environment?: string;
  context?: Record<string, unknown>;
  riskClass?: string | null;
  granted: boolean | null;
};

export type IdentityFacts = {
  name: string;
  externalId: string;
  kind: string;
  actorType: "nhi" | "human";
  environment: string | null;
  status: string;
  /** Live or past grants exist: the inventory knows what this identity may do. */
  hasGrants: boolean;
};

/** A source (IP or user agent) this batch introduced for a credential, with what was known before it. */
export type NewSource = {
  kind: "ip" | "ua" | "origin";
  value: string;
  credentialKey: string;
  /** When the credential was first seen from any source (null: never before this batch). */
  credentialSince: Date | null;
  known: string[];
};

export type BatchState = {
  identity: (id: string) => IdentityFacts | undefined;
  /** `${eventIndex}` → the sources event i introduced (only the event that introduced them). */
  newSources: Map<number, NewSource[]>;
};

/** What identifies a candidate (and its severity, which may rise with later events). */
export type CandidateKey = Pick<Candidate, "detector" | "identityId" | "subject" | "severity">;
export type CandidateBody = Pick<Candidate, "title" | "working"> & Partial<Pick<Candidate, "credentialId" | "grantId">>;

/**
 * Raises a candidate. The body is built only for the first event of a key in the batch: a key
 * repeated thousands of times in a batch costs a count, not thousands of objects.
 */
export type Raise = (key: CandidateKey, body: () => CandidateBody) => void;

export type IngestDetector<P extends z.ZodObject = z.ZodObject> = DetectorInfo<P> & {
  kind: "ingest";
  inspect: (e: DetectEvent, index: number, state: BatchState, params: z.output<P>, raise: Raise) => void;
};

export const eventRef = (e: Pick<DetectEvent, "source" | "eventId">) => `${e.source}/${e.eventId}`;

export function defineIngestDetector<P extends z.ZodObject>(d: IngestDetector<P>): IngestDetector<P> {
  return d;
}
