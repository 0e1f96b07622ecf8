// Over-privilege on real PostgreSQL with a fixed clock: grants made with Prisma (live, revoked,
// expired, recent), events inserted with SQL and rolled up by the ingest's grouping; cell states,
// scores, the least-privilege figure, ordering, search and column selection are checked against
// independent count(*) queries over the raw events and the grants table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, type Actor } from "../auth/roles";
import type { RiskClass } from "../db/generated/enums";
import { createTestDatabase, type TestDb } from "../test/db";
import { overPrivilegeReport, type HeatRow } from "./over-privilege";
import { cellState, overPrivilegeScore, RISK_ORDER } from "./over-privilege-score";
import { rollupsFromEvents } from "../test/rollups";

let t: TestDb;
const auditor: Actor = { kind: "user", id: "00000000-0000-4000-8000-000000000003", email: "a@example.com", name: "A", role: "auditor" };
const ingestKey: Actor = { kind: "ingest-key", id: "00000000-0000-4000-8000-000000000002", name: "gw", allowedSources: [] };
const now = new Date("2026-11-20T12:30:00Z");
const D = 86_400_000;
const ago = (days: number) => new Date(now.getTime() - days * D);

const SCOPES: Record<string, RiskClass> = {
  "db:read": "read",
  "db:write": "write",
  "iam:admin": "admin",
  "vault:read": "secret_read",
  "db:export": "export",
  "iam:attach": "permission_change",
};
const ids: Record<string, string> = {};
const scopeIds: Record<string, string> = {};

async function grant(who: string, scope: string, o: { grantedDaysAgo?: number; revokedDaysAgo?: number; expiresDaysAgo?: number } = {}) {
  await t.prisma.grant.create({
    data: {
      identityId: ids[who],
      scopeId: scopeIds[scope],
      grantedBy: "test",
      grantedAt: ago(o.grantedDaysAgo ?? 200),
      revokedAt: o.revokedDaysAgo === undefined ? null : ago(o.revokedDaysAgo),
      revokedBy: o.revokedDaysAgo === undefined ? null : "test",
      expiresAt: o.expiresDaysAgo === undefined ? null : ago(o.expiresDaysAgo),
    },
  });
}

let seq = 0;
async function events(who: string, scope: string | null, n: number, daysAgo: number, decision: "allow" | "deny" | "error", granted: boolean) {
  const start = ago(daysAgo);
  await t.pool.query("SELECT warden_ensure_event_partitions($1, $1)", [start]);
  await t.pool.query(
    `INSERT INTO audit_events (source, event_id, occurred_at, received_at, identity_id, identity_ref, actor_type, action, scope, decision, granted)
     SELECT 'test', 'e' || ($6::int + g), $1::timestamptz + g * interval '1 second', $1, $2, 'ref', 'nhi', 'call', $3, $4::decision, $5
       FROM generate_series(1, $7::int) AS g`,
    [start, ids[who], scope, decision, granted, seq, n],
  );
  seq += n;
}

beforeAll(async () => {
  t = await createTestDatabase("overprivilege");
  const team = await t.prisma.owner.create({ data: { team: "payments", personName: "Ada", personEmail: "ada@example.com" } });
  for (const [name, risk] of Object.entries(SCOPES)) {
    scopeIds[name] = (await t.prisma.scope.create({ data: { name, resource: name.split(":")[0], riskClass: risk, provider: "internal" } })).id;
  }
  const people = ["dormant-admin", "tidy", "half", "revoked", "expired", "newly-granted", "old-user", "shadow"];
  for (const name of people) {
    const row = await t.prisma.identity.create({
      data: {
        externalId: `ext:${name}`, name, kind: name === "shadow" ? "api_key" : "service_account", actorType: "nhi",
        provider: "internal", environment: "prod", status: name === "shadow" ? "discovered" : "active",
        ownerId: name === "shadow" ? null : team.id,
      },
    });
    ids[name] = row.id;
  }
  // dormant-admin: admin, permission change and secret read, never used.
  await grant("dormant-admin", "iam:admin");
  await grant("dormant-admin", "iam:attach");
  await grant("dormant-admin", "vault:read");
  // tidy: uses both of its grants.
  await grant("tidy", "db:read");
  await grant("tidy", "db:write");
  await events("tidy", "db:read", 5, 3, "allow", true);
  await events("tidy", "db:write", 2, 20, "error", true); // authorised but failed: still use
  // half: admin unused, read used 150 times; denied an export it lacks; wrote without a grant.
  await grant("half", "iam:admin");
  await grant("half", "db:read");
  await events("half", "db:read", 150, 2, "allow", true);
  await events("half", "iam:admin", 4, 2, "deny", true); // denied on a granted scope: not use
  await events("half", "db:export", 3, 1, "deny", false);
  await events("half", "db:write", 2, 1, "allow", false);
  // revoked: its write grant was revoked after it last used it.
  await grant("revoked", "db:write", { revokedDaysAgo: 10 });
  await events("revoked", "db:write", 7, 15, "allow", true);
  // expired: a grant past its expiry is not live.
  await grant("expired", "db:read", { expiresDaysAgo: 1 });
  // newly-granted: granted three days ago, not used yet.
  await grant("newly-granted", "db:export", { grantedDaysAgo: 3 });
  // old-user: used its grant 40 days ago only (inside 90 days, outside 30).
  await grant("old-user", "db:read");
  await events("old-user", "db:read", 9, 40, "allow", true);
  // shadow: a discovered identity with no grants, refused once.
  await events("shadow", "vault:read", 1, 5, "deny", false);
  // A scope nobody catalogued, and an event with no scope at all (authentication).
  await events("half", "legacy:thing", 1, 1, "allow", false);
  await events("tidy", null, 1, 1, "allow", true);
  await rollupsFromEvents(t.pool);
});
afterAll(() => t?.close());

const report = (o: Partial<Parameters<typeof overPrivilegeReport>[1]> = {}) =>
  overPrivilegeReport({ actor: auditor }, { window: "30d", sort: "score", n: 50, q: undefined, now, ...o });
const row = (rows: HeatRow[], name: string) => rows.find((r) => r.name === name)!;

describe("cells", () => {
  it("agree with the grants table and count(*) over the raw events of the window", async () => {
    const r = await report();
    const from = new Date(r.from);
    const to = new Date(r.to);
    for (const heat of r.rows) {
      const { rows: live } = await t.pool.query<{ name: string }>(
        `SELECT s.name FROM grants g JOIN scopes s ON s.id = g.scope_id
          WHERE g.identity_id = $1 AND g.revoked_at IS NULL AND g.granted_at <= $2 AND (g.expires_at IS NULL OR g.expires_at > $2)`,
        [heat.id, now],
      );
      const { rows: used } = await t.pool.query<{ scope: string; uses: string; denied: string; off: string }>(
        `SELECT scope, count(*) FILTER (WHERE decision <> 'deny') AS uses, count(*) FILTER (WHERE decision = 'deny') AS denied,
                count(*) FILTER (WHERE decision <> 'deny' AND NOT granted) AS off
           FROM audit_events WHERE identity_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND scope <> '' GROUP BY 1`,
        [heat.id, from, to],
      );
      const expected = new Set([...live.map((l) => l.name), ...used.map((u) => u.scope)]);
      expect(new Set(heat.cells.map((c) => c.scope)), heat.name).toEqual(expected);
      for (const c of heat.cells) {
        const u = used.find((x) => x.scope === c.scope);
        expect(c.grantedAtMs !== null, `${heat.name} ${c.scope} granted`).toBe(live.some((l) => l.name === c.scope));
        expect([c.uses, c.denied, c.ungrantedUses]).toEqual([Number(u?.uses ?? 0), Number(u?.denied ?? 0), Number(u?.off ?? 0)]);
      }
    }
  });

  it("tell granted-used, granted-unused, used-without-grant and ended-grant apart", async () => {
    const { rows } = await report();
    const state = (who: string, scope: string) => {
      const c = row(rows, who).cells.find((x) => x.scope === scope);
      return c ? cellState(c) : "absent";
    };
    expect(state("dormant-admin", "iam:admin")).toBe("unused");
    expect(state("tidy", "db:read")).toBe("used");
    expect(state("tidy", "db:write")).toBe("used");
    expect(state("half", "iam:admin")).toBe("unused"); // four denials are not use
    expect(state("half", "db:export")).toBe("ungranted");
    expect(state("half", "db:write")).toBe("ungranted");
    expect(state("half", "legacy:thing")).toBe("ungranted");
    expect(state("revoked", "db:write")).toBe("none");
    expect(state("newly-granted", "db:export")).toBe("unused");
    expect(state("old-user", "db:read")).toBe("unused");
    expect(rows.some((r) => r.name === "expired")).toBe(false); // nothing live, nothing used
    expect(row(rows, "half").cells.find((c) => c.scope === "legacy:thing")?.risk).toBeNull();
  });

  it("see older use with a longer window", async () => {
    const { rows } = await report({ window: "90d" });
    expect(cellState(row(rows, "old-user").cells[0])).toBe("used");
    expect(cellState(row(rows, "revoked").cells[0])).toBe("none");
  });
});

describe("scores and the least-privilege figure", () => {
  it("score each identity by risk-weighted unused share, the same way the pure function does", async () => {
    const { rows } = await report();
    expect(row(rows, "dormant-admin")).toMatchObject({ granted: 3, unused: 3, grantedWeight: 14, unusedWeight: 14, score: 1 });
    expect(row(rows, "tidy")).toMatchObject({ granted: 2, unused: 0, score: 0 });
    expect(row(rows, "half")).toMatchObject({ granted: 2, unused: 1, grantedWeight: 6, unusedWeight: 5, ungranted: 3 });
    expect(row(rows, "half").score).toBeCloseTo(5 / 6);
    expect(row(rows, "shadow")).toMatchObject({ granted: 0, score: null, ungranted: 1 });
    for (const r of rows) expect(r.score, r.name).toBe(overPrivilegeScore(r.cells));
  });

  it("report the share of identities with grants that used all of them", async () => {
    const { rows: withGrants } = await t.pool.query<{ n: string }>(
      `SELECT count(DISTINCT identity_id) AS n FROM grants
        WHERE revoked_at IS NULL AND granted_at <= $1 AND (expires_at IS NULL OR expires_at > $1)`,
      [now],
    );
    const month = await report();
    // dormant-admin, tidy, half, newly-granted, old-user hold live grants; only tidy used them all.
    expect(month.estate).toEqual({
      withGrants: Number(withGrants[0].n),
      compliant: 1,
      leastPrivilege: 1 / 5,
      grants: 9,
      unusedGrants: 6,
      unusedHighRisk: 4, // iam:admin ×2, iam:attach, vault:read
    });
    const quarter = await report({ window: "90d" });
    expect(quarter.estate).toMatchObject({ compliant: 2, leastPrivilege: 2 / 5 });
  });
});

describe("rows and columns", () => {
  it("orders by score (unused weight breaks ties) and picks the top N", async () => {
    const { rows, matched } = await report();
    expect(matched).toBe(7);
    // No score (no grants): ungranted use first.
    expect(rows.map((r) => r.name)).toEqual(["dormant-admin", "newly-granted", "old-user", "half", "tidy", "shadow", "revoked"]);
    const top2 = await report({ n: 2 });
    expect(top2.rows.map((r) => r.name)).toEqual(["dormant-admin", "newly-granted"]);
    expect(top2.matched).toBe(7);
    // Only the scopes the shown rows hold or used, most dangerous class first.
    expect(top2.columns.map((c) => c.scope)).toEqual(["iam:admin", "iam:attach", "vault:read", "db:export"]);
    expect(top2.estate.withGrants).toBe(5); // the estate figure ignores the row limit
  });

  it("groups columns by risk class in danger order, uncatalogued last", async () => {
    const { columns } = await report();
    const rank = columns.map((c) => (c.risk === null ? RISK_ORDER.length : RISK_ORDER.indexOf(c.risk)));
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expect(columns.at(-1)).toEqual({ scope: "legacy:thing", risk: null });
  });

  it("orders by unused grants, ungranted use or name on request", async () => {
    expect((await report({ sort: "ungranted", n: 1 })).rows[0].name).toBe("half");
    expect((await report({ sort: "unused", n: 1 })).rows[0].name).toBe("dormant-admin");
    expect((await report({ sort: "name" })).rows.map((r) => r.name)).toEqual(
      ["dormant-admin", "half", "newly-granted", "old-user", "revoked", "shadow", "tidy"],
    );
  });

  it("searches names and external ids, literally", async () => {
    expect((await report({ q: "ADMIN" })).rows.map((r) => r.name)).toEqual(["dormant-admin"]);
    expect((await report({ q: "ext:tid" })).rows.map((r) => r.name)).toEqual(["tidy"]);
    const none = await report({ q: "%" });
    expect(none.rows).toEqual([]);
    expect(none.matched).toBe(0);
    expect(none.estate.withGrants).toBe(5);
  });

  it("reports an empty estate without failing", async () => {
    const empty = await report({ q: "nobody-by-this-name" });
    expect(empty.columns).toEqual([]);
  });
});

describe("authorization", () => {
  it("refuses an ingest key", async () => {
    await expect(overPrivilegeReport({ actor: ingestKey }, { window: "30d", sort: "score", n: 50, q: undefined, now })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
