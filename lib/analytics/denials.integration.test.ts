// Denial patterns on real PostgreSQL with a fixed clock: events inserted with SQL, rollups built
// by the ingest's grouping, and every figure checked against an independent count(*) over the raw
// events: totals and baselines, the stacked series, the top lists, spikes and probing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, type Actor } from "../auth/roles";
import { createTestDatabase, type TestDb } from "../test/db";
import * as denials from "./denials";
import { denialSpan, type DenialSpan } from "./denials-params";
import { median } from "./denials-spikes";
import { rollupsFromEvents } from "../test/rollups";

let t: TestDb;
const viewer: Actor = { kind: "user", id: "00000000-0000-4000-8000-000000000001", email: "v@example.com", name: "V", role: "viewer" };
const ingestKey: Actor = { kind: "ingest-key", id: "00000000-0000-4000-8000-000000000002", name: "gw", allowedSources: [] };
const now = new Date("2026-11-20T12:30:00Z");
const H = 3_600_000;
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

type Ev = { at: Date; who: string; scope: string | null; decision: "allow" | "deny" | "error"; resource?: string; policy?: string; reason?: string };
const ids: Record<string, string> = {};
const external: Record<string, string> = {};
let seq = 0;

async function insert(events: Ev[]) {
  const times = events.map((e) => e.at.getTime());
  await t.pool.query("SELECT warden_ensure_event_partitions($1, $2)", [new Date(Math.min(...times)), new Date(Math.max(...times))]);
  await t.pool.query(
    `INSERT INTO audit_events (source, event_id, occurred_at, received_at, identity_id, identity_ref, actor_type, action,
                               resource, scope, decision, reason, policy_id, granted)
     SELECT 'test', 'e' || n, x.at, x.at, x.id, 'ref', 'nhi', 'call', x.res, x.scope, x.dec::decision, x.reason, x.policy, x.dec = 'allow'
       FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
            AS x(at, id, res, scope, dec, reason, policy, n)`,
    [
      events.map((e) => e.at),
      events.map((e) => ids[e.who]),
      events.map((e) => e.resource ?? null),
      events.map((e) => e.scope),
      events.map((e) => e.decision),
      events.map((e) => e.reason ?? (e.decision === "deny" ? `denied ${e.scope}` : null)),
      events.map((e) => e.policy ?? null),
      events.map(() => ++seq),
    ],
  );
}

/** n events of one kind spread over the hour starting at `hourIso`. */
function burst(who: string, hourIso: string, n: number, over: Partial<Ev> & { resources?: number; scopes?: number } = {}): Ev[] {
  const { resources = 1, scopes = 1, ...rest } = over;
  return Array.from({ length: n }, (_, i) => ({
    at: at(hourIso, Math.floor(((i + 0.5) * H) / n)),
    who,
    scope: `${who}:scope-${i % scopes}`,
    decision: "deny" as const,
    resource: `${who}/res-${i % resources}`,
    ...rest,
  }));
}

let span: DenialSpan;

beforeAll(async () => {
  t = await createTestDatabase("denials");
  for (const name of ["prober", "noisy", "quiet", "clean", "newcomer"]) {
    const row = await t.prisma.identity.create({
      data: { externalId: `ext:${name}`, name, kind: "oauth_app", actorType: "nhi", provider: "okta", environment: "prod", status: "active" },
    });
    ids[name] = row.id;
    external[name] = row.externalId;
  }
  span = denialSpan("24h", now); // window [2026-11-19T13:00, 2026-11-20T13:00), baseline from 2026-11-15T13:00
  const events: Ev[] = [];
  // prober: quiet history (one allowed call an hour on 40 hours, two denials), then 40 denials in
  // one hour over 20 resources and 15 scopes: a spike, and probing.
  for (let h = 0; h < 40; h++) events.push(...burst("prober", new Date(Date.parse("2026-11-16T00:00:00Z") + h * H).toISOString(), 1, { decision: "allow" }));
  events.push(...burst("prober", "2026-11-17T05:00:00Z", 2, { policy: "okta:admin-roles" }));
  events.push(...burst("prober", "2026-11-20T03:00:00Z", 40, { resources: 20, scopes: 15, policy: "okta:admin-roles" }));
  events.push(...burst("prober", "2026-11-20T04:00:00Z", 3, { decision: "allow" }));
  // noisy: always refused ~20 times an hour (median 20 → threshold 100): 60 is normal for it,
  // 120 over 3 resources is a spike but not probing.
  for (let h = 0; h < 25; h++) {
    const hour = new Date(Date.parse("2026-11-17T00:00:00Z") + h * 2 * H).toISOString();
    events.push(...burst("noisy", hour, 20, { resources: 2, policy: "aws-iam:implicit-deny" }));
  }
  events.push(...burst("noisy", "2026-11-20T06:00:00Z", 60, { resources: 2, policy: "aws-iam:implicit-deny" }));
  events.push(...burst("noisy", "2026-11-20T08:00:00Z", 120, { resources: 3, policy: "scp:deny-outside-approved-regions" }));
  // quiet: 10 denials in one hour over 10 resources: at the floor, not above it.
  events.push(...burst("quiet", "2026-11-20T09:00:00Z", 10, { resources: 10, scopes: 2 }));
  events.push(...burst("quiet", "2026-11-17T09:00:00Z", 50, { decision: "allow" }));
  // clean: only allowed calls, and an error (errors are not denials).
  events.push(...burst("clean", "2026-11-20T10:00:00Z", 30, { decision: "allow" }));
  events.push(...burst("clean", "2026-11-20T11:00:00Z", 2, { decision: "error" }));
  // newcomer: first seen inside the window, with denials and no history; one with no reason at all.
  events.push(...burst("newcomer", "2026-11-20T12:00:00Z", 4, { policy: "github-app:permissions" }));
  events.push({ at: at("2026-11-20T12:10:00Z"), who: "newcomer", scope: null, decision: "deny", reason: "invalid signature" });
  // Outside every span: before the baseline, and after now.
  events.push(...burst("prober", "2026-11-10T00:00:00Z", 30, { resources: 30 }));
  events.push(...burst("prober", "2026-11-20T13:00:00Z", 30, { resources: 30 }));
  await insert(events);
  await rollupsFromEvents(t.pool);
});
afterAll(() => t?.close());

const count = async (where: string, params: unknown[] = []) =>
  Number((await t.pool.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE ${where}`, params)).rows[0].n);
const IN_WINDOW = "occurred_at >= $1 AND occurred_at < $2";

describe("totals and baselines", () => {
  it("counts denials and events in the window and the window before, as count(*) does", async () => {
    const { totals } = await denials.denialRates({ actor: viewer }, { window: "24h", now });
    const previousFrom = new Date(span.from.getTime() - 24 * H);
    expect(totals).toEqual({
      denials: await count(`decision = 'deny' AND ${IN_WINDOW}`, [span.from, span.to]),
      events: await count(IN_WINDOW, [span.from, span.to]),
      identities: 4,
      previousDenials: await count(`decision = 'deny' AND ${IN_WINDOW}`, [previousFrom, span.from]),
      previousEvents: await count(IN_WINDOW, [previousFrom, span.from]),
    });
  });

  it("compares each denied identity's rate with its own baseline windows", async () => {
    const { identities } = await denials.denialRates({ actor: viewer }, { window: "24h", now });
    expect(identities.map((i) => i.name)).toEqual(["noisy", "prober", "quiet", "newcomer"]); // most denials first
    for (const r of identities) {
      const args = [ids[r.name], span.from, span.to];
      expect(r.denials).toBe(await count(`identity_id = $1 AND decision = 'deny' AND occurred_at >= $2 AND occurred_at < $3`, args));
      expect(r.events).toBe(await count(`identity_id = $1 AND occurred_at >= $2 AND occurred_at < $3`, args));
      const base = [ids[r.name], span.baselineFrom, span.from];
      expect(r.baseline).toEqual({
        denials: await count(`identity_id = $1 AND decision = 'deny' AND occurred_at >= $2 AND occurred_at < $3`, base),
        events: await count(`identity_id = $1 AND occurred_at >= $2 AND occurred_at < $3`, base),
      });
    }
    const by = Object.fromEntries(identities.map((i) => [i.name, i.comparison]));
    expect(by.prober.trend).toBe("up");
    expect(by.newcomer.trend).toBe("no-history");
    expect(by.quiet.trend).toBe("new"); // history of allowed calls only
    expect(by.quiet.baselineRate).toBe(0);
  });
});

describe("spikes", () => {
  it("finds the hours above max(10, 5 × median) and labels the wide one probing", async () => {
    const spikes = await denials.denialSpikes({ actor: viewer }, { window: "24h", now });
    expect(spikes.map((s) => [s.identity.name, s.hour, s.kind])).toEqual([
      ["noisy", "2026-11-20T08:00:00.000Z", "spike"],
      ["prober", "2026-11-20T03:00:00.000Z", "probing"],
    ]);
    const [noisy, prober] = spikes;
    expect(prober).toMatchObject({ denials: 40, distinctResources: 20, distinctScopes: 15, threshold: 10 });
    expect(noisy).toMatchObject({ denials: 120, distinctResources: 3, distinctScopes: 1 });
    // The median, independently: per active hour of the window and its baseline, from raw events.
    for (const s of spikes) {
      const { rows } = await t.pool.query<{ d: string }>(
        `SELECT count(*) FILTER (WHERE decision = 'deny') AS d FROM audit_events
          WHERE identity_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY date_trunc('hour', occurred_at)`,
        [s.identity.id, span.baselineFrom, span.to],
      );
      expect(s.medianHourly).toBe(median(rows.map((r) => Number(r.d))));
    }
    expect(noisy.medianHourly).toBe(20);
    expect(noisy.threshold).toBe(100);
  });

  it("adds an hour's pending ingest deltas to its folded rollups before the floor test", async () => {
    // 6 denials folded and 6 still in ingest's rollup deltas (migration 0010): neither part is
    // above the floor of 10, the hour is. History: allowed calls only, so the median is 0.
    const row = await t.prisma.identity.create({
      data: { externalId: "ext:split", name: "split", kind: "bot", actorType: "nhi", provider: "internal", environment: "dev", status: "active" },
    });
    ids.split = row.id;
    const history = [0, 1, 2, 3].flatMap((h) => burst("split", new Date(Date.parse("2026-11-16T00:00:00Z") + h * H).toISOString(), 1, { decision: "allow" }));
    const folded = burst("split", "2026-11-20T05:00:00Z", 6, { resources: 6 });
    const pending = burst("split", "2026-11-20T05:00:00Z", 6, { resources: 6 }).map((e) => ({ ...e, at: new Date(e.at.getTime() + 1000) }));
    try {
      await insert([...history, ...folded]);
      await t.pool.query(`
        INSERT INTO event_rollups_hourly (hour, identity_id, scope, decision, granted, count, first_at, last_at)
        SELECT date_trunc('hour', occurred_at), identity_id, coalesce(scope, ''), decision, coalesce(granted, false), count(*), min(occurred_at), max(occurred_at)
          FROM audit_events WHERE identity_id = $1 GROUP BY 1, 2, 3, 4, 5`, [ids.split]);
      await insert(pending);
      await t.pool.query(`
        INSERT INTO event_rollup_deltas (hour, identity_id, scope, decision, granted, count, first_at, last_at)
        VALUES ('2026-11-20T05:00:00Z', $1, 'split:scope-0', 'deny', false, 6, $2, $3)`,
        [ids.split, pending[0].at, pending.at(-1)!.at]);
      const spikes = await denials.denialSpikes({ actor: viewer }, { window: "24h", now });
      expect(spikes.find((s) => s.identity.name === "split")).toMatchObject({
        hour: "2026-11-20T05:00:00.000Z", denials: 12, medianHourly: 0, threshold: 10, distinctResources: 6,
      });
      // The same hour, read through the live views, in the charts and totals too.
      const chart = await denials.denialsByIdentity({ actor: viewer }, { window: "24h", now });
      expect(chart.total).toBe(await count(`decision = 'deny' AND ${IN_WINDOW}`, [span.from, span.to]));
    } finally {
      await t.pool.query("DELETE FROM event_rollups_hourly WHERE identity_id = $1", [ids.split]);
      await t.pool.query("DELETE FROM event_rollup_deltas WHERE identity_id = $1", [ids.split]);
      await t.pool.query("DELETE FROM audit_events WHERE identity_id = $1", [ids.split]);
    }
  });

  it("sees no spike in a window without one", async () => {
    const earlierNow = new Date("2026-11-17T12:00:00Z");
    expect(await denials.denialSpikes({ actor: viewer }, { window: "24h", now: earlierNow })).toEqual([]);
  });
});

describe("charts", () => {
  it("stacks hourly denials by identity, zero-filled, with totals equal to count(*)", async () => {
    const chart = await denials.denialsByIdentity({ actor: viewer }, { window: "24h", now });
    expect(chart.buckets).toHaveLength(24);
    expect(chart.points).toHaveLength(24);
    expect(chart.total).toBe(await count(`decision = 'deny' AND ${IN_WINDOW}`, [span.from, span.to]));
    expect(chart.series.map((s) => [s.label, s.total])).toEqual([
      ["noisy", 180],
      ["prober", 40],
      ["quiet", 10],
      ["newcomer", 5],
    ]);
    expect(chart.series[1].identity?.externalId).toBe("ext:prober");
    const burstHour = chart.points.find((p) => p.bucket === "2026-11-20T03:00:00.000Z")!;
    expect(burstHour[chart.series[1].key]).toBe(40);
  });

  it("folds identities past the top 8 into Other", async () => {
    const extra: Ev[] = [];
    for (let i = 0; i < 6; i++) {
      const row = await t.prisma.identity.create({
        data: { externalId: `ext:extra${i}`, name: `extra${i}`, kind: "bot", actorType: "nhi", provider: "internal", environment: "dev", status: "active" },
      });
      ids[`extra${i}`] = row.id;
      extra.push(...burst(`extra${i}`, "2026-11-20T11:00:00Z", 1));
    }
    const other = new Date("2026-11-20T11:00:00Z");
    const now2 = new Date("2026-11-20T12:59:00Z");
    const span2 = denialSpan("24h", now2);
    // Kept in a separate time slot so the other tests' figures stay exact: undone afterwards.
    await insert(extra);
    await t.pool.query(`
      INSERT INTO event_rollups_hourly (hour, identity_id, scope, decision, granted, count, first_at, last_at)
      SELECT date_trunc('hour', occurred_at), identity_id, coalesce(scope, ''), decision, false, count(*), min(occurred_at), max(occurred_at)
        FROM audit_events WHERE identity_id = ANY($1::uuid[]) GROUP BY 1, 2, 3, 4`, [Object.keys(ids).filter((k) => k.startsWith("extra")).map((k) => ids[k])]);
    try {
      const chart = await denials.denialsByIdentity({ actor: viewer }, { window: "24h", now: now2 });
      expect(chart.series).toHaveLength(9);
      expect(chart.series.at(-1)).toMatchObject({ key: "other", label: "Other identities", total: 2 });
      expect(chart.total).toBe(await count(`decision = 'deny' AND ${IN_WINDOW}`, [span2.from, span2.to]));
      const p = chart.points.find((x) => x.bucket === other.toISOString())!;
      expect(chart.series.reduce((s, x) => s + (p[x.key] as number), 0)).toBe(6);
    } finally {
      await t.pool.query("DELETE FROM event_rollups_hourly WHERE identity_id = ANY($1::uuid[])", [Object.keys(ids).filter((k) => k.startsWith("extra")).map((k) => ids[k])]);
      await t.pool.query("DELETE FROM audit_events WHERE identity_id = ANY($1::uuid[])", [Object.keys(ids).filter((k) => k.startsWith("extra")).map((k) => ids[k])]);
    }
  });

  it("stacks by reason from raw events: the policy where there is one, else the reason text", async () => {
    const chart = await denials.denialsByReason({ actor: viewer }, { window: "24h", now });
    const { rows } = await t.pool.query<{ k: string; n: string }>(
      `SELECT coalesce(policy_id, reason) AS k, count(*) AS n FROM audit_events
        WHERE decision = 'deny' AND ${IN_WINDOW} GROUP BY 1 ORDER BY 2 DESC, 1`,
      [span.rawFrom, span.to],
    );
    expect(chart.series.map((s) => [s.label, s.total])).toEqual(rows.map((r) => [r.k, Number(r.n)]));
    expect(chart.series.find((s) => s.label === "okta:admin-roles")?.example).toMatch(/^denied prober:scope-/);
  });

  it("bounds raw-event reads to 7 days on the 30-day window", async () => {
    const month = denialSpan("30d", now);
    const chart = await denials.denialsByReason({ actor: viewer }, { window: "30d", now });
    expect(chart.buckets[0]).toBe(month.rawFrom.toISOString());
    expect(chart.total).toBe(await count(`decision = 'deny' AND ${IN_WINDOW}`, [month.rawFrom, month.to]));
    expect(month.rawFrom.getTime()).toBe(month.to.getTime() - 7 * 24 * H);
  });
});

describe("top lists", () => {
  it("ranks scopes and resources as count(*) does", async () => {
    const scopes = await denials.topDeniedScopes({ actor: viewer }, { window: "24h", now, limit: 5 });
    const s = await t.pool.query<{ k: string; n: string; i: string }>(
      `SELECT scope AS k, count(*) AS n, count(DISTINCT identity_id) AS i FROM audit_events
        WHERE decision = 'deny' AND scope IS NOT NULL AND ${IN_WINDOW} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`,
      [span.from, span.to],
    );
    expect(scopes.map((x) => [x.key, x.denials, x.identities])).toEqual(s.rows.map((r) => [r.k, Number(r.n), Number(r.i)]));
    const resources = await denials.topDeniedResources({ actor: viewer }, { window: "24h", now, limit: 5 });
    const r = await t.pool.query<{ k: string; n: string }>(
      `SELECT resource AS k, count(*) AS n FROM audit_events
        WHERE decision = 'deny' AND resource IS NOT NULL AND ${IN_WINDOW} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`,
      [span.rawFrom, span.to],
    );
    expect(resources.map((x) => [x.key, x.denials])).toEqual(r.rows.map((row) => [row.k, Number(row.n)]));
    expect(resources[0].key).toBe("noisy/res-0");
  });
});

describe("authorization", () => {
  it("refuses an ingest key for every figure", async () => {
    for (const [name, fn] of Object.entries(denials)) {
      if (typeof fn !== "function") continue;
      const figure = fn as (ctx: { actor: Actor }, input: { window: "24h"; now: Date }) => Promise<unknown>;
      await expect(figure({ actor: ingestKey }, { window: "24h", now }), name).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});
