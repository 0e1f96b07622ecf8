// Overview metrics, one function per metric. Parameterized SQL only; event figures read the
// per-identity hourly rollups (derived from the ingest-maintained hourly rollups), never the raw
// (partitioned, large) audit_events table.
import { assertCan, type Actor } from "../auth/roles";
import { db } from "../db/client";
import type { ActorType, IdentityKind, IdentityStatus } from "../db/generated/enums";

/** `now` is injectable so that tests (and a consistent page render) share one clock. */
export type Clock = { now?: Date };

export const ROTATION_MAX_AGE_DAYS = 90;

export async function identitiesByKind(actor: Actor): Promise<{ kind: IdentityKind; count: number }[]> {
  assertCan(actor, "inventory:read");
  return db().$queryRaw`
    SELECT kind::text AS kind, count(*)::int AS count
    FROM identities GROUP BY kind ORDER BY count DESC, kind`;
}

export async function identitiesByStatus(
  actor: Actor,
): Promise<{ status: IdentityStatus; count: number }[]> {
  assertCan(actor, "inventory:read");
  return db().$queryRaw`
    SELECT status::text AS status, count(*)::int AS count
    FROM identities GROUP BY status ORDER BY status`;
}

export async function identitiesByActorType(actor: Actor): Promise<Record<ActorType, number>> {
  assertCan(actor, "inventory:read");
  const rows = await db().$queryRaw<{ actor_type: ActorType; count: number }[]>`
    SELECT actor_type::text AS actor_type, count(*)::int AS count
    FROM identities GROUP BY actor_type`;
  const out: Record<ActorType, number> = { nhi: 0, human: 0 };
  for (const r of rows) out[r.actor_type] = r.count;
  return out;
}

export async function ownerlessIdentities(actor: Actor): Promise<number> {
  assertCan(actor, "inventory:read");
  const [r] = await db().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM identities WHERE owner_id IS NULL`;
  return r.count;
}

/** Shadow NHIs: identities first seen in events rather than registered in the inventory. */
export async function discoveredIdentities(
  actor: Actor,
  { now = new Date() }: Clock = {},
): Promise<{ total: number; last24h: number }> {
  assertCan(actor, "inventory:read");
  const [r] = await db().$queryRaw<{ total: number; last24h: number }[]>`
    SELECT count(*)::int AS total,
           (count(*) FILTER (WHERE created_at > ${now}::timestamptz - interval '24 hours'))::int AS last24h
    FROM identities WHERE status = 'discovered'`;
  return r;
}

/** Active credentials whose last rotation (or issue, if never rotated) is older than the limit. */
export async function credentialsPastRotation(
  actor: Actor,
  { now = new Date(), maxAgeDays = ROTATION_MAX_AGE_DAYS }: Clock & { maxAgeDays?: number } = {},
): Promise<number> {
  assertCan(actor, "inventory:read");
  const [r] = await db().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM credentials
    WHERE status = 'active'
      AND coalesce(last_rotated_at, issued_at) < ${now}::timestamptz - make_interval(days => ${maxAgeDays}::int)`;
  return r.count;
}

/** Credentials past their expiry that are still marked active: the status is lying. */
export async function expiredActiveCredentials(
  actor: Actor,
  { now = new Date() }: Clock = {},
): Promise<number> {
  assertCan(actor, "inventory:read");
  const [r] = await db().$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM credentials
    WHERE status = 'active' AND expires_at < ${now}::timestamptz`;
  return r.count;
}

/** Events and denials in the 24 hourly buckets ending with the current hour. */
export async function eventsLast24h(
  actor: Actor,
  { now = new Date() }: Clock = {},
): Promise<{ events: number; denials: number }> {
  assertCan(actor, "events:read");
  const [r] = await db().$queryRaw<{ events: bigint; denials: bigint }[]>`
    SELECT coalesce(sum(events), 0)::bigint AS events, coalesce(sum(denials), 0)::bigint AS denials
    FROM identity_events_hourly_live
    WHERE hour > date_trunc('hour', ${now}::timestamptz, 'UTC') - interval '24 hours'
      AND hour <= ${now}::timestamptz`;
  return { events: Number(r.events), denials: Number(r.denials) };
}

export type HourlyPoint = { hour: string; events: number; denials: number };

/** One point per UTC hour (zero-filled), oldest first, ending with the current hour. */
export async function eventsPerHour(
  actor: Actor,
  { now = new Date(), hours = 24 * 7 }: Clock & { hours?: number } = {},
): Promise<HourlyPoint[]> {
  assertCan(actor, "events:read");
  const rows = await db().$queryRaw<{ hour: Date; events: bigint; denials: bigint }[]>`
    WITH span AS (SELECT date_trunc('hour', ${now}::timestamptz, 'UTC') AS last_hour)
    SELECT h.hour,
           coalesce(sum(r.events), 0)::bigint AS events, coalesce(sum(r.denials), 0)::bigint AS denials
    FROM span
    CROSS JOIN LATERAL generate_series(span.last_hour - make_interval(hours => ${hours}::int - 1), span.last_hour,
                                       interval '1 hour') AS h(hour)
    LEFT JOIN identity_events_hourly_live r ON r.hour = h.hour
    GROUP BY h.hour ORDER BY h.hour`;
  return rows.map((r) => ({ hour: r.hour.toISOString(), events: Number(r.events), denials: Number(r.denials) }));
}

/** Whether any event has ever been ingested: distinguishes "quiet week" from "nothing sent yet". */
export async function hasAnyEvents(actor: Actor): Promise<boolean> {
  assertCan(actor, "events:read");
  const [r] = await db().$queryRaw<{ any: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM identity_events_hourly_live) AS any`;
  return r.any;
}
