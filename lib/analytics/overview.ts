// Overview metrics, one query per metric. Event figures read the per-identity hourly rollups
// (derived from the ingest-maintained hourly rollups), never the raw (partitioned, large)
// audit_events table.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { sql, type Runner, type Sql } from "../db/sql";
import type { ActorType, IdentityKind, IdentityStatus } from "../db/generated/enums";
import { ROTATION_MAX_AGE_DAYS } from "../inventory/credential-policy";

/** `now` is injectable so that tests (and a consistent page render) share one clock. */
export const Clock = z.object({ now: z.date().default(() => new Date()) });

/** The `count` column of a one-row statement. */
const count = async (db: Runner, q: Sql): Promise<number> => (await db.one<{ count: number }>(q))?.count ?? 0;

export const identitiesByKind = defineQuery({
  permission: "inventory:read",
  run: (db) =>
    db.rows<{ kind: IdentityKind; count: number }>(sql`
      SELECT kind::text AS kind, count(*)::int AS count
      FROM identities GROUP BY kind ORDER BY count DESC, kind`),
});

export const identitiesByStatus = defineQuery({
  permission: "inventory:read",
  run: (db) =>
    db.rows<{ status: IdentityStatus; count: number }>(sql`
      SELECT status::text AS status, count(*)::int AS count
      FROM identities GROUP BY status ORDER BY status`),
});

export const identitiesByActorType = defineQuery({
  permission: "inventory:read",
  async run(db): Promise<Record<ActorType, number>> {
    const rows = await db.rows<{ actor_type: ActorType; count: number }>(sql`
      SELECT actor_type::text AS actor_type, count(*)::int AS count
      FROM identities GROUP BY actor_type`);
    const out: Record<ActorType, number> = { nhi: 0, human: 0 };
    for (const r of rows) out[r.actor_type] = r.count;
    return out;
  },
});

export const ownerlessIdentities = defineQuery({
  permission: "inventory:read",
  run: (db) => count(db, sql`SELECT count(*)::int AS count FROM identities WHERE owner_id IS NULL`),
});

/** Shadow NHIs: identities first seen in events rather than registered in the inventory. */
export const discoveredIdentities = defineQuery({
  permission: "inventory:read",
  input: Clock,
  async run(db, { now }): Promise<{ total: number; last24h: number }> {
    const r = await db.one<{ total: number; last24h: number }>(sql`
      SELECT count(*)::int AS total,
             (count(*) FILTER (WHERE created_at > ${now}::timestamptz - interval '24 hours'))::int AS last24h
      FROM identities WHERE status = 'discovered'`);
    return r ?? { total: 0, last24h: 0 };
  },
});

/** Active credentials whose last rotation (or issue, if never rotated) is older than the limit. */
export const credentialsPastRotation = defineQuery({
  permission: "inventory:read",
  input: Clock.extend({ maxAgeDays: z.number().int().min(1).default(ROTATION_MAX_AGE_DAYS) }),
  run: (db, { now, maxAgeDays }) =>
    count(db, sql`
      SELECT count(*)::int AS count FROM credentials
      WHERE status = 'active'
        AND coalesce(last_rotated_at, issued_at) < ${now}::timestamptz - make_interval(days => ${maxAgeDays}::int)`),
});

/** Credentials past their expiry that are still marked active: the status is lying. */
export const expiredActiveCredentials = defineQuery({
  permission: "inventory:read",
  input: Clock,
  run: (db, { now }) =>
    count(db, sql`
      SELECT count(*)::int AS count FROM credentials
      WHERE status = 'active' AND expires_at < ${now}::timestamptz`),
});

/** Events and denials in the 24 hourly buckets ending with the current hour. */
export const eventsLast24h = defineQuery({
  permission: "events:read",
  input: Clock,
  async run(db, { now }): Promise<{ events: number; denials: number }> {
    const r = await db.one<{ events: number; denials: number }>(sql`
      SELECT coalesce(sum(events), 0)::bigint AS events, coalesce(sum(denials), 0)::bigint AS denials
      FROM identity_events_hourly_live
      WHERE hour > date_trunc('hour', ${now}::timestamptz, 'UTC') - interval '24 hours'
        AND hour <= ${now}::timestamptz`);
    return r ?? { events: 0, denials: 0 };
  },
});

export type HourlyPoint = { hour: string; events: number; denials: number };

/** One point per UTC hour (zero-filled), oldest first, ending with the current hour. */
export const eventsPerHour = defineQuery({
  permission: "events:read",
  input: Clock.extend({ hours: z.number().int().min(1).max(24 * 90).default(24 * 7) }),
  async run(db, { now, hours }): Promise<HourlyPoint[]> {
    const rows = await db.rows<{ hour: Date; events: number; denials: number }>(sql`
      WITH span AS (SELECT date_trunc('hour', ${now}::timestamptz, 'UTC') AS last_hour)
      SELECT h.hour,
             coalesce(sum(r.events), 0)::bigint AS events, coalesce(sum(r.denials), 0)::bigint AS denials
      FROM span
      CROSS JOIN LATERAL generate_series(span.last_hour - make_interval(hours => ${hours}::int - 1), span.last_hour,
                                         interval '1 hour') AS h(hour)
      LEFT JOIN identity_events_hourly_live r ON r.hour = h.hour
      GROUP BY h.hour ORDER BY h.hour`);
    return rows.map((r) => ({ hour: r.hour.toISOString(), events: r.events, denials: r.denials }));
  },
});

/** Whether any event has ever been ingested: distinguishes "quiet week" from "nothing sent yet". */
export const hasAnyEvents = defineQuery({
  permission: "events:read",
  async run(db): Promise<boolean> {
    const r = await db.one<{ any: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM identity_events_hourly_live) AS any`);
    return r?.any ?? false;
  },
});
