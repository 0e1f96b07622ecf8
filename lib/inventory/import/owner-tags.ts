// Owners from the tags, labels or annotations a source puts on an identity. Which keys name the
// person and which the team is configurable per import, else by WARDEN_IMPORT_OWNER_KEYS /
// WARDEN_IMPORT_TEAM_KEYS, else the defaults below; keys match case-insensitively.
import { env } from "../../env";
import type { OwnerRef } from "./types";

export const DEFAULT_OWNER_KEYS = ["owner", "warden.io/owner", "owner-email", "contact"];
export const DEFAULT_TEAM_KEYS = ["team", "warden.io/team", "owner-team", "squad"];

const keys = (v: string | undefined, fallback: string[]) => v?.split(",").map((k) => k.trim()).filter(Boolean) ?? fallback;

/** The keys an import uses unless it names its own: the environment's, else the defaults above. */
export function configuredOwnerKeys(): { ownerKeys: string[]; teamKeys: string[] } {
  return { ownerKeys: keys(env().WARDEN_IMPORT_OWNER_KEYS, DEFAULT_OWNER_KEYS), teamKeys: keys(env().WARDEN_IMPORT_TEAM_KEYS, DEFAULT_TEAM_KEYS) };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type OwnerKeys = { ownerKeys: readonly string[]; teamKeys: readonly string[] };

/** Lower-cased key → value, first value wins (AWS tag keys differ only by case sometimes). */
export function tagMap(entries: Iterable<[string, unknown]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of entries) {
    const key = k.toLowerCase();
    if (typeof v === "string" && v.trim() && !out.has(key)) out.set(key, v.trim());
  }
  return out;
}

const firstOf = (tags: Map<string, string>, keys: readonly string[]) => keys.map((k) => tags.get(k.toLowerCase())).find(Boolean) ?? null;

/** The owner the tags name, or null when they name none (the identity is then ownerless). */
export function ownerFromTags(tags: Map<string, string>, keys: OwnerKeys): OwnerRef | null {
  const person = firstOf(tags, keys.ownerKeys);
  const team = firstOf(tags, keys.teamKeys);
  if (!person && !team) return null;
  const email = person && EMAIL.test(person) ? person.toLowerCase() : null;
  return { team, email, name: person && !email ? person : null };
}
