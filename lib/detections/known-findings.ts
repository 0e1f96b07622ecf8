// Process-level memory of which candidate keys already have a finding.
// Keys this process has seen recorded as findings (per pool): ingest sends their recurrences
// without title and working. A key whose finding has gone (its identity deleted) is dropped by
// recordCandidates, so the cache can be stale without harm.
const known = new WeakMap<object, Set<string>>();
const MAX_KNOWN = 200_000;
export function knownFindings(owner: object): Set<string> {
  let set = known.get(owner);
  if (!set || set.size > MAX_KNOWN) known.set(owner, (set = new Set()));
  return set;
}
