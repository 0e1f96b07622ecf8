// The identity page's figures on real PostgreSQL: grants with usage from the rollups against an
// independent count(*) over raw events, scopes used without a grant, new source IPs / user agents,
// and the trail's grouping, chain classification and keyset pages of groups.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "../auth/roles";
import { createTestDatabase, type TestDb } from "../test/db";
import { ingestKey, NOW, seedTrailsFixture, viewer, type Fixture } from "../events/test-fixture";
import { grantsWithUsage, ungrantedUse, usageWindowStart } from "./grants";
import type { GroupCursor } from "./params";
import { identitySources } from "./sources";
import { identityTrail, type TrailGroup } from "./trail";

let t: TestDb;
let fx: Fixture;

beforeAll(async () => {
  t = await createTestDatabase("trails");
  fx = await seedTrailsFixture(t.pool);
});
afterAll(() => t?.close());

async function count(sql: string, values: unknown[]): Promise<number> {
  const { rows } = await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE ${sql}`, values);
  return rows[0].n;
}

describe("grants with usage", () => {
  it.each([7, 30, 90])("matches an independent count(*) over raw events for a %i-day window", async (days) => {
    const since = usageWindowStart(NOW, days);
    for (const who of ["alpha", "beta"] as const) {
      const grants = await grantsWithUsage({ actor: viewer }, { identityId: fx.ids[who], days, now: NOW });
      for (const g of grants) {
        const n = await count("identity_id = $1 AND scope = $2 AND granted AND occurred_at >= $3 AND occurred_at <= $4", [fx.ids[who], g.scope, since, NOW]);
        expect(g.uses, `${who} ${g.scope}`).toBe(n);
        const failed = await count(
          "identity_id = $1 AND scope = $2 AND granted AND decision <> 'allow' AND occurred_at >= $3 AND occurred_at <= $4",
          [fx.ids[who], g.scope, since, NOW],
        );
        expect(g.failed).toBe(failed);
        const { rows } = await t.pool.query<{ last: Date | null }>(
          "SELECT max(occurred_at) AS last FROM audit_events WHERE identity_id = $1 AND scope = $2 AND granted",
          [fx.ids[who], g.scope],
        );
        expect(g.lastUsedAt).toBe(rows[0].last?.toISOString() ?? null);
      }
    }
  });

  it("lists live grants only, unused first, and says how long each has been idle", async () => {
    const grants = await grantsWithUsage({ actor: viewer }, { identityId: fx.ids.alpha, days: 30, now: NOW });
    expect(grants.map((g) => [g.scope, g.uses > 0, g.lastUsedAt === null, g.idleDays])).toEqual([
      ["iam:AttachRolePolicy", false, true, 50], // never used: idle since granted 50 days ago
      ["s3:PutObject", false, false, 40], // unused for 40 days
      ["s3:GetObject", true, false, 0],
    ]);
    // The secret-read grant was revoked yesterday: it is not a live grant.
    expect(grants.some((g) => g.scope === "secretsmanager:GetSecretValue")).toBe(false);
    const week = await grantsWithUsage({ actor: viewer }, { identityId: fx.ids.alpha, days: 90, now: NOW });
    expect(week.find((g) => g.scope === "s3:PutObject")?.uses).toBe(1);
  });

  it("lists scopes used without a grant with their decisions, matching count(*)", async () => {
    const rows = await ungrantedUse({ actor: viewer }, { identityId: fx.ids.alpha, days: 7, now: NOW });
    expect(rows.map((r) => [r.scope, r.riskClass, r.allowed, r.denied, r.errors])).toEqual([
      ["secretsmanager:GetSecretValue", "secret_read", 2, 0, 0],
      ["dynamodb:ExportTableToPointInTime", "export", 0, 1, 0],
    ]);
    const since = usageWindowStart(NOW, 7);
    const total = await count("identity_id = $1 AND granted = false AND occurred_at >= $2", [fx.ids.alpha, since]);
    expect(rows.reduce((n, r) => n + r.allowed + r.denied + r.errors, 0)).toBe(total);
    const beta = await ungrantedUse({ actor: viewer }, { identityId: fx.ids.beta, days: 7, now: NOW });
    expect(beta).toEqual([expect.objectContaining({ scope: "s3:PutObject", allowed: 0, denied: 5 })]);
    // Events without a scope (authentication, token issuance) are never "used without a grant".
    expect((await ungrantedUse({ actor: viewer }, { identityId: fx.ids.gamma, days: 30, now: NOW }))).toEqual([]);
  });

  it("refuses an ingest key", async () => {
    await expect(grantsWithUsage({ actor: ingestKey }, { identityId: fx.ids.alpha })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("source IPs and user agents", () => {
  it("marks values first seen in the last 7 days as new, with counts from raw events", async () => {
    const s = await identitySources({ actor: viewer }, { identityId: fx.ids.alpha, now: NOW });
    expect(s.ips.map((r) => [r.value, r.isNew, r.count])).toEqual([
      ["198.51.100.7", true, 4],
      ["10.0.0.1", false, 50],
      ["10.0.0.9", false, 1],
    ]);
    expect(s.userAgents.map((r) => [r.value, r.isNew, r.count])).toEqual([
      ["python-requests/2.31.0", true, 4],
      ["aws-sdk-go/1.44", false, 51],
    ]);
    const ip = s.ips[0];
    const { rows } = await t.pool.query<{ first: Date; last: Date }>(
      "SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM audit_events WHERE identity_id = $1 AND source_ip = $2",
      [fx.ids.alpha, ip.value],
    );
    expect([ip.firstSeenAt, ip.lastSeenAt]).toEqual([rows[0].first.toISOString(), rows[0].last.toISOString()]);
  });

  it("does not call an old value new just because it was used again recently", async () => {
    // 10.0.0.1 is used every day, the write 40 days ago is outside the 30-day look-back; still not new.
    const s = await identitySources({ actor: viewer }, { identityId: fx.ids.alpha, now: NOW, lookbackDays: 30 });
    expect(s.ips.find((r) => r.value === "10.0.0.1")?.isNew).toBe(false);
  });

  it("limits the lists and reports what is left out", async () => {
    const s = await identitySources({ actor: viewer }, { identityId: fx.ids.beta, now: NOW, limit: 2 });
    expect(s.ips).toHaveLength(2);
    expect(s.moreIps).toBe(3);
    expect(s.userAgents).toHaveLength(1);
    expect(s.moreUserAgents).toBe(0);
  });
});

describe("trail", () => {
  async function allGroups(id: string, opts: { days?: number; scope?: string; groups?: number } = {}): Promise<TrailGroup[]> {
    const out: TrailGroup[] = [];
    let before: GroupCursor | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await identityTrail({ actor: viewer }, { identityId: id, ...opts, before, now: NOW });
      out.push(...page.groups);
      if (!page.older) return out;
      before = page.older;
    }
    throw new Error("did not reach the last page");
  }

  it("groups by session, newest group first, steps in order with their chain step", async () => {
    const page = await identityTrail({ actor: viewer }, { identityId: fx.ids.alpha, now: NOW, groups: 3 });
    expect(page.groups.map((g) => [g.key, g.kind])).toEqual([
      ["ses_alpha_0", "session"],
      ["ses_alpha_1", "session"],
      ["ses_replay", "session"],
    ]);
    const s0 = page.groups[0];
    expect(s0.steps.map((s) => s.step)).toEqual(["auth", "token", "assume", "data", "data"]);
    expect(s0.steps.map((s) => s.at)).toEqual([...s0.steps.map((s) => s.at)].sort());
    const replay = page.groups[2];
    expect(replay).toMatchObject({ total: 4, denials: 1, outOfGrant: 3 });
    expect(page.older).not.toBeNull();
  });

  it("pages groups by time with no gaps or duplicates, and covers every event of the window", async () => {
    for (const size of [1, 2, 5]) {
      const groups = await allGroups(fx.ids.alpha, { groups: size });
      const keys = groups.map((g) => g.key);
      expect(new Set(keys).size).toBe(keys.length);
      const lastAts = groups.map((g) => g.lastAt);
      expect(lastAts).toEqual([...lastAts].sort().reverse());
      const steps = groups.reduce((n, g) => n + g.total, 0);
      expect(steps).toBe(await count("identity_id = $1 AND occurred_at >= $2 AND occurred_at <= $3", [fx.ids.alpha, new Date(NOW.getTime() - 7 * 86_400_000), NOW]));
    }
  });

  it("falls back to the trace, then to one no-session bucket", async () => {
    const beta = await allGroups(fx.ids.beta, { days: 1 });
    expect(beta.every((g) => g.kind === "trace")).toBe(true);
    const tie = beta.find((g) => g.key === "tr_tie");
    expect(tie?.total).toBe(5);
    const gamma = await allGroups(fx.ids.gamma, { days: 7 });
    expect(gamma).toHaveLength(1);
    expect(gamma[0]).toMatchObject({ key: "", kind: "none", total: 12, denials: 1 });
    expect(gamma[0].steps.find((s) => s.context)?.context).toBe(JSON.stringify({ task: "summarise invoices", tool: "s3.list" }));
  });

  it("restricts the trail to one scope when asked", async () => {
    const groups = await allGroups(fx.ids.alpha, { scope: "secretsmanager:GetSecretValue" });
    expect(groups.map((g) => g.key)).toEqual(["ses_replay"]);
    expect(groups[0].steps.map((s) => s.scope)).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"]);
  });

  it("lists at most the newest steps of a long group but counts them all", async () => {
    const page = await identityTrail({ actor: viewer }, { identityId: fx.ids.beta, now: NOW, days: 1, steps: 2 });
    const tie = page.groups.find((g) => g.key === "tr_tie");
    expect(tie).toMatchObject({ total: 5 });
    expect(tie?.steps).toHaveLength(2);
  });

  it("says when the window holds more events than it groups", async () => {
    const page = await identityTrail({ actor: viewer }, { identityId: fx.ids.alpha, now: NOW, scanCap: 10 });
    expect(page.capped).toBe(true);
    expect((await identityTrail({ actor: viewer }, { identityId: fx.ids.alpha, now: NOW })).capped).toBe(false);
  });
});
