// Data coverage behind a detector's verdict: for each provider, the first and last UTC day Warden
// holds events for (from the per-identity daily rollups). An identity is never called unused or
// dormant for longer than its provider's events reach back, nor at all when none have arrived.
import { sql, type Runner } from "../db/sql";

export type ProviderCoverage = { since: Date; last: Date };
export type Coverage = Map<string, ProviderCoverage>;

export async function providerCoverage(db: Runner): Promise<Coverage> {
  const rows = await db.rows<{ provider: string; since: Date; last: Date }>(sql`
    SELECT i.provider, min(d.day) AS since, max(d.day) AS last
      FROM (SELECT identity_id, min(day) AS day FROM identity_events_daily_live GROUP BY 1
            UNION ALL SELECT identity_id, max(day) FROM identity_events_daily_live GROUP BY 1) d
      JOIN identities i ON i.id = d.identity_id
     GROUP BY 1`);
  return new Map(rows.map((r) => [r.provider, { since: r.since, last: r.last }]));
}

const DAY = 86_400_000;

/** Whole days of events Warden holds for a provider up to `now` (0 when none). */
export function coveredDays(c: ProviderCoverage | undefined, now: Date): number {
  return c ? Math.floor((now.getTime() - c.since.getTime()) / DAY) : 0;
}

export function describeCoverage(provider: string, c: ProviderCoverage | undefined, now: Date): string {
  if (!c) return `no events from this identity's provider (${provider}) yet`;
  const fresh = now.getTime() - c.last.getTime() <= 2 * DAY ? "" : `; the latest ones are from ${c.last.toISOString().slice(0, 10)}`;
  return `events from ${provider} since ${c.since.toISOString().slice(0, 10)} (${coveredDays(c, now)} days)${fresh}`;
}

/** The provider is still sending: its latest events are at most `days` old. */
export const isLive = (c: ProviderCoverage | undefined, now: Date, days = 2) => !!c && now.getTime() - c.last.getTime() <= days * DAY;

export const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY);
export const ageDays = (from: Date, now: Date) => Math.floor((now.getTime() - from.getTime()) / DAY);
