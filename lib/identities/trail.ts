// One identity's trail: its events grouped by session (else trace, else one "no session" bucket),
// groups newest first, steps within a group in the order they happened. Groups are paged by
// time with a keyset on (last event time, group key). Every statement reads this identity's
// events only, through (identity_id, occurred_at), inside the trail window.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { empty, sql } from "../db/sql";
import { classifyStep, groupKind, type ChainStep, type GroupKind } from "../events/chain";
import { EVENT_SELECT, isoMicros, toEventRow, type EventRow } from "../events/columns";
import { DEFAULT_TRAIL_WINDOW, type GroupCursor } from "./params";

export const TRAIL_GROUPS_PER_PAGE = 10;
export const TRAIL_STEPS_PER_GROUP = 25;
/** Grouping reads at most this many of the newest events in the window (a very busy identity). */
export const TRAIL_SCAN_CAP = 50_000;

export type TrailStep = EventRow & { step: ChainStep };

export type TrailGroup = {
  key: string;
  kind: GroupKind;
  firstAt: string;
  lastAt: string;
  /** Events of the group in the window (may exceed the steps listed). */
  total: number;
  /** Oldest first; the newest TRAIL_STEPS_PER_GROUP when the group is longer. */
  steps: TrailStep[];
  denials: number;
  outOfGrant: number;
};

export type TrailPage = {
  from: string;
  to: string;
  groups: TrailGroup[];
  older: GroupCursor | null;
  /** True when the window held more events than the grouping reads (narrow it to see older ones). */
  capped: boolean;
};

const KEY = sql`coalesce(nullif(e.session_id, ''), nullif(e.trace_id, ''), '')`;

type GroupRaw = { k: string; last_text: string; first_at: Date; last_at: Date; n: number; scanned: number };

const count = z.number().int().min(1);

export const identityTrail = defineQuery({
  permission: "events:read",
  input: z.object({
    identityId: z.guid(),
    days: z.number().int().min(1).max(366).default(DEFAULT_TRAIL_WINDOW),
    scope: z.string().optional(),
    before: z.object({ at: z.string(), key: z.string() }).optional(),
    now: z.date().default(() => new Date()),
    groups: count.default(TRAIL_GROUPS_PER_PAGE),
    steps: count.default(TRAIL_STEPS_PER_GROUP),
    scanCap: count.default(TRAIL_SCAN_CAP),
  }),
  async run(db, { identityId, days, scope: scopeName, before, now, groups: perPage, steps: perGroup, scanCap }): Promise<TrailPage> {
    const from = new Date(now.getTime() - days * 86_400_000);
    const scope = scopeName ? sql`AND e.scope = ${scopeName}` : empty;
    const cursor = before ? sql`WHERE (g.last_at, g.k) < (${before.at}::timestamptz, ${before.key})` : empty;

    const groups = await db.rows<GroupRaw>(sql`
      WITH ev AS MATERIALIZED (
        SELECT e.occurred_at, ${KEY} AS k FROM audit_events e
        WHERE e.identity_id = ${identityId}::uuid
          AND e.occurred_at >= ${from}::timestamptz AND e.occurred_at <= ${now}::timestamptz ${scope}
        ORDER BY e.occurred_at DESC LIMIT ${scanCap}
      ),
      g AS (SELECT k, max(occurred_at) AS last_at, min(occurred_at) AS first_at, count(*) AS n FROM ev GROUP BY k)
      SELECT g.k, ${isoMicros(sql`g.last_at`)} AS last_text, g.first_at, g.last_at, g.n, (SELECT count(*) FROM ev) AS scanned
      FROM g ${cursor}
      ORDER BY g.last_at DESC, g.k DESC
      LIMIT ${perPage + 1}`);

    const capped = (groups[0]?.scanned ?? 0) >= scanCap;
    const page = groups.slice(0, perPage);
    const older = groups.length > perPage ? { at: page[page.length - 1].last_text, key: page[page.length - 1].k } : null;
    if (page.length === 0) return { from: from.toISOString(), to: now.toISOString(), groups: [], older: null, capped };

    const lo = new Date(Math.min(...page.map((g) => g.first_at.getTime())));
    const hi = new Date(Math.max(...page.map((g) => g.last_at.getTime())));
    const keys = page.map((g) => g.k);
    const events = await db.rows<Record<string, unknown> & { k: string }>(sql`
      WITH x AS (
        SELECT e.*, ${KEY} AS k, row_number() OVER (PARTITION BY ${KEY} ORDER BY e.occurred_at DESC, e.id DESC) AS rn
        FROM audit_events e
        WHERE e.identity_id = ${identityId}::uuid
          AND e.occurred_at >= ${lo}::timestamptz AND e.occurred_at <= ${hi}::timestamptz ${scope}
          AND ${KEY} = ANY(${keys}::text[])
      )
      SELECT e.k, ${EVENT_SELECT}
      FROM x e
      LEFT JOIN identities i ON i.id = e.identity_id
      LEFT JOIN owners o ON o.id = e.owner_id
      WHERE e.rn <= ${perGroup}
      ORDER BY e.occurred_at, e.id`);

    const byKey = new Map<string, TrailStep[]>(keys.map((k) => [k, []]));
    for (const r of events) {
      const row = toEventRow(r);
      byKey.get(r.k)?.push({ ...row, step: classifyStep(row) });
    }
    return {
      from: from.toISOString(),
      to: now.toISOString(),
      capped,
      older,
      groups: page.map((g) => {
        const steps = byKey.get(g.k) ?? [];
        const first = steps[0];
        return {
          key: g.k,
          kind: first ? groupKind(first.sessionId || null, first.traceId || null) : "none",
          firstAt: g.first_at.toISOString(),
          lastAt: g.last_at.toISOString(),
          total: g.n,
          steps,
          denials: steps.filter((s) => s.decision !== "allow").length,
          outOfGrant: steps.filter((s) => s.granted === false).length,
        };
      }),
    };
  },
});
