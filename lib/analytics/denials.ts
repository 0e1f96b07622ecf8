// Denial patterns, one query per figure. Counts per identity, scope and hour come from the
// hourly rollups. Reasons and resources exist only on raw events: those reads take the denial
// rows of a bounded span (span.rawFrom, at most 7 days), and the probing check reads the
// denials of a handful of identity-hours through the (identity_id, occurred_at) index.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";
import type { IdentityKind } from "../db/generated/enums";
import { bucketStarts, denialSpan, DenialWindowKey } from "./denials-params";
import { daySplit, isoDay } from "./day-split";
import { identityActivitySql } from "../identities/activity";
import { compareToBaseline, isSpike, SPIKE_FACTOR, SPIKE_FLOOR, spikeKind, spikeThreshold, type BaselineComparison, type SpikeKind } from "./denials-spikes";

/** Stacked series beyond this many are summed into "Other". */
export const TOP_SERIES = 8;
export const TOP_LIST = 10;

// One clock per page render: the page derives its labels from the same window and instant.
const WINDOW = { window: DenialWindowKey, now: z.date() };
const SpanInput = z.object(WINDOW).transform(({ window, now }) => denialSpan(window, now));
const TopInput = z
  .object({ ...WINDOW, limit: z.number().int().min(1).max(100).default(TOP_LIST) })
  .transform(({ window, now, limit }) => ({ span: denialSpan(window, now), limit }));

export type IdentityRef = { id: string; externalId: string; name: string; kind: IdentityKind };

export type StackSeries = {
  /** Data key in each point: s0…s7, or "other". */
  key: string;
  label: string;
  total: number;
  /** By identity: the identity (drill-down filter). */
  identity?: IdentityRef;
  /** By reason: one raw reason text under this policy, as an example. */
  example?: string;
};

export type StackedDenials = {
  bucketHours: number;
  /** Bucket start instants (ISO), zero-filled over the span. */
  buckets: string[];
  series: StackSeries[];
  /** One point per bucket: { bucket, s0: n, …, other: n }. */
  points: Array<Record<string, number | string>>;
  total: number;
};

/**
 * Zero-filled points over `buckets`. `series` arrive in rank order with their raw key (identity id
 * or reason); rows whose key is null belong to "Other". Data keys become s0…s7 and "other".
 */
function stack(
  buckets: string[],
  bucketHours: number,
  rows: { bucket: Date; key: string | null; n: number }[],
  ranked: Omit<StackSeries, "total">[],
  otherLabel: string,
): StackedDenials {
  const series: StackSeries[] = [
    ...ranked.map((s, i) => ({ ...s, key: `s${i}`, total: 0 })),
    { key: "other", label: otherLabel, total: 0 },
  ];
  const dataKey = new Map(ranked.map((s, i) => [s.key, `s${i}`]));
  const byKey = new Map(series.map((s) => [s.key, s]));
  const index = new Map(buckets.map((b, i) => [b, i]));
  const points = buckets.map((bucket) => {
    const p: Record<string, number | string> = { bucket };
    for (const s of series) p[s.key] = 0;
    return p;
  });
  for (const r of rows) {
    const i = index.get(r.bucket.toISOString());
    if (i === undefined) continue;
    const k = (r.key !== null && dataKey.get(r.key)) || "other";
    points[i][k] = (points[i][k] as number) + r.n;
    byKey.get(k)!.total += r.n;
  }
  const shown = series.filter((s) => s.key !== "other" || s.total > 0);
  return { bucketHours, buckets, series: shown, points, total: series.reduce((t, s) => t + s.total, 0) };
}

/** Denials per bucket, stacked by identity: the window's top 8 identities and "Other". */
export const denialsByIdentity = defineQuery({
  permission: "events:read",
  input: SpanInput,
  async run(db, span): Promise<StackedDenials> {
    const rows = await db.rows<{ bucket: Date; identity_id: string | null; n: number; external_id: string | null; name: string | null; kind: IdentityKind | null }>(sql`
      WITH d AS (
        SELECT date_bin(make_interval(hours => ${span.bucketHours}::int), hour, ${span.from}::timestamptz) AS bucket,
               identity_id, sum(denials)::bigint AS n
          FROM identity_events_hourly_live
         WHERE denials > 0 AND hour >= ${span.from}::timestamptz AND hour < ${span.to}::timestamptz
         GROUP BY 1, 2
      ),
      top AS (SELECT identity_id, sum(n) AS total FROM d GROUP BY 1 ORDER BY total DESC, identity_id LIMIT ${TOP_SERIES}::int)
      SELECT d.bucket, top.identity_id, sum(d.n)::int AS n, i.external_id, i.name, i.kind::text AS kind
        FROM d LEFT JOIN top USING (identity_id) LEFT JOIN identities i ON i.id = top.identity_id
       GROUP BY 1, 2, 4, 5, 6, top.total
       ORDER BY top.total DESC NULLS LAST`);
    const ranked: Omit<StackSeries, "total">[] = [];
    for (const r of rows) {
      if (r.identity_id === null || ranked.some((s) => s.key === r.identity_id)) continue;
      ranked.push({
        key: r.identity_id,
        label: r.name ?? r.identity_id,
        identity: { id: r.identity_id, externalId: r.external_id ?? "", name: r.name ?? "", kind: r.kind! },
      });
    }
    const buckets = bucketStarts(span.from, span.to, span.bucketHours);
    return stack(buckets, span.bucketHours, rows.map((r) => ({ bucket: r.bucket, key: r.identity_id, n: r.n })), ranked, "Other identities");
  },
});

/**
 * Denials per bucket, stacked by reason over the raw-event span (span.rawFrom…span.to). The
 * reason key is the deciding policy where the producer sent one (reason texts embed the scope, so
 * they would not group), else the reason text itself.
 */
export const denialsByReason = defineQuery({
  permission: "events:read",
  input: SpanInput,
  async run(db, span): Promise<StackedDenials> {
    const rows = await db.rows<{ bucket: Date; reason: string | null; n: number; example: string | null }>(sql`
      WITH d AS (
        SELECT date_bin(make_interval(hours => ${span.bucketHours}::int), occurred_at, ${span.rawFrom}::timestamptz) AS bucket,
               coalesce(policy_id, reason, 'No reason given') AS reason, count(*)::bigint AS n, min(reason) AS example
          FROM audit_events
         WHERE decision = 'deny' AND occurred_at >= ${span.rawFrom}::timestamptz AND occurred_at < ${span.to}::timestamptz
         GROUP BY 1, 2
      ),
      top AS (SELECT reason, sum(n) AS total, min(example) AS example FROM d GROUP BY 1 ORDER BY total DESC, reason LIMIT ${TOP_SERIES}::int)
      SELECT d.bucket, top.reason, sum(d.n)::int AS n, top.example
        FROM d LEFT JOIN top USING (reason)
       GROUP BY 1, 2, 4, top.total
       ORDER BY top.total DESC NULLS LAST`);
    const ranked: Omit<StackSeries, "total">[] = [];
    for (const r of rows) {
      if (r.reason === null || ranked.some((s) => s.key === r.reason)) continue;
      ranked.push({ key: r.reason, label: r.reason, example: r.example ?? undefined });
    }
    const buckets = bucketStarts(span.rawFrom, span.to, span.bucketHours);
    return stack(buckets, span.bucketHours, rows.map((r) => ({ bucket: r.bucket, key: r.reason, n: r.n })), ranked, "Other reasons");
  },
});

export type DenialTotals = {
  denials: number;
  events: number;
  /** Identities with at least one denial in the window. */
  identities: number;
  /** The same figures for the one window just before this one. */
  previousDenials: number;
  previousEvents: number;
};

export type IdentityDenials = IdentityRef & {
  denials: number;
  events: number;
  baseline: { denials: number; events: number };
  comparison: BaselineComparison;
};

export type DenialRates = { totals: DenialTotals; identities: IdentityDenials[] };

/**
 * One pass over the per-identity rollups of the window and its BASELINE_WINDOWS predecessors:
 * each identity's denials and events now and in the baseline (for every identity with a denial
 * in the window, most denials first), and the estate's totals now and one window back.
 */
export const denialRates = defineQuery({
  permission: "events:read",
  input: SpanInput,
  async run(db, span): Promise<DenialRates> {
    const previousFrom = new Date(2 * span.from.getTime() - span.to.getTime());
    const rows = await db.rows<{
      denials_all: number; events_all: number; prev_denials_all: number; prev_events_all: number;
      id: string | null; external_id: string; name: string; kind: IdentityKind;
      denials: number; events: number; base_denials: number; base_events: number;
    }>(sql`
      WITH per AS (
        SELECT identity_id,
               coalesce(sum(denials) FILTER (WHERE at >= ${span.from}::timestamptz), 0) AS denials,
               coalesce(sum(events) FILTER (WHERE at >= ${span.from}::timestamptz), 0) AS events,
               coalesce(sum(denials) FILTER (WHERE at < ${span.from}::timestamptz), 0) AS base_denials,
               coalesce(sum(events) FILTER (WHERE at < ${span.from}::timestamptz), 0) AS base_events,
               coalesce(sum(denials) FILTER (WHERE at < ${span.from}::timestamptz AND at >= ${previousFrom}::timestamptz), 0) AS prev_denials,
               coalesce(sum(events) FILTER (WHERE at < ${span.from}::timestamptz AND at >= ${previousFrom}::timestamptz), 0) AS prev_events
          FROM ${identityActivitySql(span.baselineFrom, span.to, [previousFrom, span.from])} AS a
         GROUP BY 1
      ),
      totals AS (
        SELECT coalesce(sum(denials), 0)::bigint AS denials_all, coalesce(sum(events), 0)::bigint AS events_all,
               coalesce(sum(prev_denials), 0)::bigint AS prev_denials_all, coalesce(sum(prev_events), 0)::bigint AS prev_events_all
          FROM per
      )
      SELECT t.*, i.id, i.external_id, i.name, i.kind::text AS kind, p.denials::int, p.events::int,
             p.base_denials::int, p.base_events::int
        FROM totals t
        LEFT JOIN (per p JOIN identities i ON i.id = p.identity_id) ON p.denials > 0
       ORDER BY p.denials DESC, i.name`);
    const first = rows[0];
    const identities = rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        id: r.id!,
        externalId: r.external_id,
        name: r.name,
        kind: r.kind,
        denials: r.denials,
        events: r.events,
        baseline: { denials: r.base_denials, events: r.base_events },
        comparison: compareToBaseline({ denials: r.denials, events: r.events }, { denials: r.base_denials, events: r.base_events }),
      }));
    return {
      totals: {
        denials: first.denials_all,
        events: first.events_all,
        identities: identities.length,
        previousDenials: first.prev_denials_all,
        previousEvents: first.prev_events_all,
      },
      identities,
    };
  },
});

export type TopEntry = { key: string; denials: number; identities: number; share: number };
type TopRow = { key: string; denials: number; identities: number; all: number };

const topEntries = (rows: TopRow[]): TopEntry[] =>
  rows.map((r) => ({ key: r.key, denials: r.denials, identities: r.identities, share: r.all ? r.denials / r.all : 0 }));

/**
 * Most-denied scopes in the window. Whole UTC days come from the daily rollups and the window's
 * partial first and last days from the hourly deny rows (day-split.ts), so a 30-day window reads
 * ~30 rows per denied identity × scope instead of ~720.
 */
export const topDeniedScopes = defineQuery({
  permission: "events:read",
  input: TopInput,
  async run(db, { span, limit }): Promise<TopEntry[]> {
    const { firstDay, lastDay, hourlyDays } = daySplit(span.from, span.to);
    const rows = await db.rows<TopRow>(sql`
      WITH d AS (
        SELECT identity_id, scope, denials AS n FROM event_rollups_daily_live
         WHERE denials > 0 AND scope <> '' AND day >= ${isoDay(firstDay)}::date AND day <= ${isoDay(lastDay)}::date
           AND NOT (day = ANY (${hourlyDays}::date[]))
        UNION ALL
        SELECT h.identity_id, h.scope, h.count
          FROM unnest(${hourlyDays}::date[]) AS s(day)
          JOIN event_rollups_hourly_live h
            ON h.hour >= s.day::timestamp AT TIME ZONE 'UTC' AND h.hour < (s.day + 1)::timestamp AT TIME ZONE 'UTC'
           AND h.hour >= ${span.from}::timestamptz AND h.hour < ${span.to}::timestamptz
         WHERE h.decision = 'deny' AND h.scope <> ''
      )
      SELECT scope AS key, sum(n)::int AS denials, count(DISTINCT identity_id)::int AS identities,
             (sum(sum(n)) OVER ())::int AS all
        FROM d GROUP BY 1 ORDER BY denials DESC, key LIMIT ${limit}::int`);
    return topEntries(rows);
  },
});

/** Most-denied resources over the raw-event span (span.rawFrom…span.to). */
export const topDeniedResources = defineQuery({
  permission: "events:read",
  input: TopInput,
  async run(db, { span, limit }): Promise<TopEntry[]> {
    const rows = await db.rows<TopRow>(sql`
      SELECT resource AS key, count(*)::int AS denials, count(DISTINCT identity_id)::int AS identities,
             (sum(count(*)) OVER ())::int AS all
        FROM audit_events
       WHERE decision = 'deny' AND resource IS NOT NULL
         AND occurred_at >= ${span.rawFrom}::timestamptz AND occurred_at < ${span.to}::timestamptz
       GROUP BY 1 ORDER BY denials DESC, key LIMIT ${limit}::int`);
    return topEntries(rows);
  },
});

export type DenialSpike = {
  identity: IdentityRef;
  /** Start of the hour (ISO). */
  hour: string;
  denials: number;
  medianHourly: number;
  threshold: number;
  distinctResources: number;
  distinctScopes: number;
  kind: SpikeKind;
};

/**
 * Hours in the window in which an identity's denials exceed max(10, 5 × its median hourly
 * denials). The median is over the hours the identity was active (any event) across the window
 * and its baseline windows. Only identity-hours above the floor are candidates, so the median and
 * the raw distinct-resource count are computed for a handful of identities and hours.
 */
export const denialSpikes = defineQuery({
  permission: "events:read",
  input: SpanInput,
  async run(db, span): Promise<DenialSpike[]> {
    const rows = await db.rows<{ identity_id: string; hour: Date; denials: number; median: number; resources: number; scopes: number; external_id: string; name: string; kind: IdentityKind }>(sql`
      WITH pending AS MATERIALIZED (
        -- Ingest's not-yet-folded rollup deltas (migration 0010), one row per identity · hour.
        SELECT identity_id, hour, sum(count) FILTER (WHERE decision = 'deny') AS denials
          FROM event_rollup_deltas
         WHERE hour >= ${span.baselineFrom}::timestamptz AND hour < ${span.to}::timestamptz
         GROUP BY 1, 2
      ),
      cand AS (
        -- An hour's denials are its folded row plus its pending deltas. Folded rows above the floor
        -- come from the partial index; folded rows at or below it count only where deltas add to them.
        SELECT identity_id, hour, sum(denials)::int AS denials FROM (
          SELECT identity_id, hour, denials FROM identity_events_hourly
           WHERE denials > ${SPIKE_FLOOR}::int AND hour >= ${span.from}::timestamptz AND hour < ${span.to}::timestamptz
          UNION ALL
          SELECT h.identity_id, h.hour, h.denials FROM pending p JOIN identity_events_hourly h USING (identity_id, hour)
           WHERE h.denials <= ${SPIKE_FLOOR}::int AND p.denials > 0 AND p.hour >= ${span.from}::timestamptz
          UNION ALL
          SELECT identity_id, hour, denials FROM pending WHERE denials > 0 AND hour >= ${span.from}::timestamptz
        ) x GROUP BY 1, 2 HAVING sum(denials) > ${SPIKE_FLOOR}::int
      ),
      hourly AS (
        SELECT identity_id, hour, sum(denials) AS denials
          FROM identity_events_hourly_live
         -- An array, not IN (subquery): candidates are few, and this keeps the (identity_id, hour) index.
         WHERE identity_id = ANY (ARRAY(SELECT DISTINCT identity_id FROM cand))
           AND hour >= ${span.baselineFrom}::timestamptz AND hour < ${span.to}::timestamptz
         GROUP BY 1, 2
      ),
      med AS (
        SELECT identity_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY denials) AS median FROM hourly GROUP BY 1
      )
      SELECT cand.identity_id, cand.hour, cand.denials, med.median, x.resources, x.scopes,
             i.external_id, i.name, i.kind::text AS kind
        FROM cand
        -- The spike rule (isSpike) applied here too, so raw denials are read only for real spikes.
        JOIN med ON med.identity_id = cand.identity_id AND cand.denials > ${SPIKE_FACTOR}::int * med.median
        JOIN identities i ON i.id = cand.identity_id
        CROSS JOIN LATERAL (
          SELECT count(DISTINCT e.resource)::int AS resources, count(DISTINCT e.scope)::int AS scopes
            FROM audit_events e
           WHERE e.identity_id = cand.identity_id AND e.decision = 'deny'
             AND e.occurred_at >= cand.hour AND e.occurred_at < cand.hour + interval '1 hour'
        ) x
       ORDER BY cand.hour DESC, cand.denials DESC`);
    return rows
      .filter((r) => isSpike(r.denials, r.median))
      .map((r) => ({
        identity: { id: r.identity_id, externalId: r.external_id, name: r.name, kind: r.kind },
        hour: r.hour.toISOString(),
        denials: r.denials,
        medianHourly: r.median,
        threshold: spikeThreshold(r.median),
        distinctResources: r.resources,
        distinctScopes: r.scopes,
        kind: spikeKind(r.resources),
      }));
  },
});
