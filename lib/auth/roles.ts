// The single authorization choke point: every lib/ read and write calls assertCan() with the
// acting user (or ingest key) before touching data. Pages and proxy.ts only redirect.
import { WardenError } from "../core/errors";
import type { UserRole } from "../db/generated/enums";

export type Actor =
  | { kind: "user"; id: string; email: string; name: string; role: UserRole }
  // `scopes`: what the key may do; absent means ["events"] (every key made before scopes existed).
  | { kind: "ingest-key"; id: string; name: string; allowedSources: string[]; scopes?: KeyScope[] }
  | { kind: "system"; name: string };

/** What an ingest key may be used for: sending events, importing inventory, or both. */
export const KEY_SCOPES = ["events", "inventory"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export const PERMISSIONS = {
  "inventory:read": ["admin", "reviewer", "viewer", "auditor"],
  "inventory:write": ["admin"],
  "inventory:import": ["admin"],
  "events:read": ["admin", "reviewer", "viewer", "auditor"],
  "events:write": [],
  "findings:read": ["admin", "reviewer", "viewer", "auditor"],
  // Triage (acknowledge, assign, comment, suppress, resolve, send to a review): the people who
  // decide access. Auditors and viewers read; they never change the record they audit.
  "findings:manage": ["admin", "reviewer"],
  // What is detected and how (parameters, on/off, run now) is configuration: admins.
  "detections:configure": ["admin"],
  "reviews:read": ["admin", "reviewer", "auditor"],
  "reviews:decide": ["admin", "reviewer"],
  "reviews:manage": ["admin"],
  "evidence:read": ["admin", "auditor"],
  "evidence:export": ["admin", "auditor"],
  "settings:read": ["admin"],
  "retention:apply": ["admin"],
  "ingest-keys:manage": ["admin"],
  "users:manage": ["admin"],
  "audit-log:read": ["admin", "auditor"],
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** The one permission each key scope grants. */
const KEY_PERMISSIONS: Partial<Record<Permission, KeyScope>> = { "events:write": "events", "inventory:import": "inventory" };

export class ForbiddenError extends WardenError {
  constructor(
    readonly permission: Permission,
    who: string,
  ) {
    super("forbidden", `${who} may not ${permission.replace(":", " ")}`);
  }
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === "system") return true;
  // Ingest keys may only write events, or import inventory when scoped to it; they can read nothing.
  if (actor.kind === "ingest-key") return KEY_PERMISSIONS[permission] !== undefined && (actor.scopes ?? ["events"]).includes(KEY_PERMISSIONS[permission]);
  return (PERMISSIONS[permission] as readonly UserRole[]).includes(actor.role);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    const who = actor.kind === "user" ? `${actor.email} (${actor.role})` : actor.name;
    throw new ForbiddenError(permission, who);
  }
}

export const SYSTEM: Actor = { kind: "system", name: "warden" };
