// Actors for tests: one user per role, and an ingest key, for "refuses a role that may not" cases.
import type { Actor } from "../auth/roles";
import type { UserRole } from "../db/generated/enums";

export const userActor = (role: UserRole, n = 1): Extract<Actor, { kind: "user" }> => ({
  kind: "user",
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  email: `${role}${n}@example.com`,
  name: `${role} ${n}`,
  role,
});

export const ingestKeyActor: Actor = { kind: "ingest-key", id: "00000000-0000-4000-8000-0000000000aa", name: "gw", allowedSources: [] };

/** Every actor except admins: the roles a users:manage / settings verb must refuse. */
export const NON_ADMINS: Actor[] = [userActor("viewer"), userActor("reviewer"), userActor("auditor"), ingestKeyActor];
