// Owners: one row per team with the person accountable for its identities.
import { EMAIL_DOMAIN, FIRST_NAMES, LAST_NAMES, TEAMS, emailOf } from "../catalog/org";
import type { Rng } from "../rng";
import type { EstateBuilder } from "./builder";

/** Distinct people, drawn from the name lists without repeating a full name. */
export function peoplePicker(rng: Rng): () => { name: string; email: string } {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const email = emailOf(first, last);
      if (used.has(email)) continue;
      used.add(email);
      return { name: `${first} ${last}`, email };
    }
  };
}

export function buildOwners(b: EstateBuilder, rng: Rng, count: number, nextPerson: () => { name: string; email: string }): void {
  for (const t of TEAMS.slice(0, Math.min(count, TEAMS.length))) {
    const p = nextPerson();
    b.owners.push({
      id: b.uuid(), team: t.team, personName: p.name, personEmail: p.email,
      createdAt: b.daysAgo(rng.int(200, 1200)),
    });
  }
}

/** Owners scale with the estate: ~1 team per 12 identities, at least 10 (the story teams). */
export function ownerCount(identities: number): number {
  return Math.max(10, Math.min(TEAMS.length, Math.round(identities / 12.5)));
}

export const SECURITY_DL = `iam-admins@${EMAIL_DOMAIN}`;
