// One record per key before staging: the same identity in two files (two exports of one account),
// the same grant through two paths, the same credential twice. The first is kept, and said so.
import type { ImportModel } from "./types";

function unique<T>(rows: T[], key: (r: T) => string, what: string, warn: (m: string) => void): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  let repeats = 0;
  for (const r of rows) {
    const k = key(r);
    if (seen.has(k)) {
      if (repeats++ < 5) warn(`${what} ${k.replace("\u0000", " · ")} appears more than once; the first is kept`);
      continue;
    }
    seen.add(k);
    out.push(r);
  }
  if (repeats > 5) warn(`${repeats - 5} more repeated ${what}s were skipped`);
  return out;
}

export function normalizeModel(m: ImportModel): ImportModel {
  const warnings = [...m.warnings];
  const warn = (w: string) => void warnings.push(w);
  return {
    ...m,
    identities: unique(m.identities, (i) => i.externalId, "identity", warn),
    grants: unique(m.grants, (g) => `${g.identity}\u0000${g.scope}`, "grant", warn),
    credentials: unique(m.credentials, (c) => c.fingerprint, "credential", warn),
    scopes: unique(m.scopes, (s) => s.name, "scope", () => {}),
    warnings,
  };
}
