// A candidate finding: what a detector raises for one (detector, identity, subject) before the
// fold (fold.ts) turns it into a finding or a recurrence of one. Within a batch or a run the
// candidates of one key are merged: occurrences add up, first/last event and time widen.
import type { Severity } from "../db/generated/enums";

/** The working a finding shows: the rule, its inputs, threshold, window and data coverage. */
export type Working = {
  rule: string;
  inputs: Record<string, unknown>;
  threshold?: string;
  window?: string;
  coverage: string;
  /** What the trail view is filtered by to show the events behind it (lib/events/filters keys). */
  evidence?: Record<string, string>;
  /** Extra facts specific to the detector (e.g. the suggested smaller grant). */
  facts?: Record<string, unknown>;
};

export type Candidate = {
  detector: string;
  severity: Severity;
  identityId: string | null;
  credentialId?: string | null;
  grantId?: string | null;
  subject: string;
  title: string;
  /** Null only on a recurrence read back from finding_candidates (the finding keeps its working). */
  working: Working;
  occurrences: number;
  firstAt: Date;
  lastAt: Date;
  firstEventRef?: string | null;
  lastEventRef?: string | null;
};

export const dedupKey = (c: Pick<Candidate, "detector" | "identityId" | "subject">): string =>
  `${c.detector}|${c.identityId ?? "-"}|${c.subject}`;

export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Collects candidates by key: a repeat widens the first's times and adds to its count. */
export class CandidateSet {
  private readonly byKey = new Map<string, Candidate>();

  add(c: Candidate): void {
    const key = dedupKey(c);
    const known = this.byKey.get(key);
    if (!known) {
      this.byKey.set(key, { ...c });
      return;
    }
    if (!known.working && c.working) [known.working, known.title] = [c.working, c.title];
    known.occurrences += c.occurrences;
    if (c.firstAt < known.firstAt) {
      known.firstAt = c.firstAt;
      known.firstEventRef = c.firstEventRef;
    }
    if (c.lastAt >= known.lastAt) {
      known.lastAt = c.lastAt;
      known.lastEventRef = c.lastEventRef;
    }
    if (SEVERITY_RANK[c.severity] > SEVERITY_RANK[known.severity]) known.severity = c.severity;
  }

  /** Counts one more event for a key already held; false when the key is new. */
  hit(key: string, at: Date, ref: string | null, severity: Severity): boolean {
    const known = this.byKey.get(key);
    if (!known) return false;
    known.occurrences++;
    if (at < known.firstAt) [known.firstAt, known.firstEventRef] = [at, ref];
    if (at >= known.lastAt) [known.lastAt, known.lastEventRef] = [at, ref];
    if (SEVERITY_RANK[severity] > SEVERITY_RANK[known.severity]) known.severity = severity;
    return true;
  }

  get size(): number {
    return this.byKey.size;
  }

  values(): Candidate[] {
    return [...this.byKey.values()];
  }
}
