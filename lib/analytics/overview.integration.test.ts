// Overview metrics on real PostgreSQL with a fixed clock: identity breakdowns, credential
// hygiene, event figures from the hourly rollups (window edges included), and the role check.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, type Actor } from "../auth/roles";
import type { CredentialStatus, IdentityKind, IdentityStatus } from "../db/generated/enums";
import { createTestDatabase, type TestDb } from "../test/db";
import * as overview from "./overview";

let t: TestDb;
const auditor: Actor = { kind: "user", id: "00000000-0000-4000-8000-000000000003", email: "a@example.com", name: "A", role: "auditor" };
const ingestKey: Actor = { kind: "ingest-key", id: "00000000-0000-4000-8000-000000000002", name: "gw", allowedSources: [] };
const now = new Date("2026-11-20T12:30:00Z");
const H = 3_600_000;
const D = 24 * H;
const ago = (ms: number) => new Date(now.getTime() - ms);

const IDENTITIES: { kind: IdentityKind; status: IdentityStatus; owned: boolean; createdAgo: number }[] = [
  { kind: "service_account", status: "active", owned: true, createdAgo: 100 * D },
  { kind: "service_account", status: "active", owned: false, createdAgo: 100 * D },
  { kind: "service_account", status: "disabled", owned: true, createdAgo: 100 * D },
  { kind: "ai_agent", status: "discovered", owned: false, createdAgo: 2 * H },
  { kind: "ai_agent", status: "discovered", owned: false, createdAgo: 3 * D },
  { kind: "user", status: "active", owned: true, createdAgo: 100 * D },
];

let firstIdentity = "";

beforeAll(async () => {
  t = await createTestDatabase("analytics");
  const owner = await t.prisma.owner.create({ data: { team: "payments", personName: "Ada", personEmail: "ada@example.com" } });
  for (const [i, s] of IDENTITIES.entries()) {
    const row = await t.prisma.identity.create({
      data: {
        externalId: `id-${i}`,
        name: `id-${i}`,
        kind: s.kind,
        actorType: s.kind === "user" ? "human" : "nhi",
        provider: "aws",
        environment: "prod",
        status: s.status,
        ownerId: s.owned ? owner.id : null,
        createdAt: ago(s.createdAgo),
      },
    });
    firstIdentity ||= row.id;
  }
  const creds: { status: CredentialStatus; issued: number; rotated?: number; expires?: number }[] = [
    { status: "active", issued: 200 * D, rotated: 100 * D }, // stale: rotated too long ago
    { status: "active", issued: 120 * D }, // stale: never rotated, issued too long ago
    { status: "active", issued: 200 * D, rotated: 10 * D }, // fresh: recently rotated
    { status: "active", issued: 89 * D }, // fresh: just under the limit
    { status: "revoked", issued: 300 * D }, // old but revoked: not counted
    { status: "active", issued: 30 * D, expires: 1 * D }, // expired yet active
    { status: "active", issued: 30 * D, expires: -5 * D }, // expires in the future
    { status: "expired", issued: 30 * D, expires: 2 * D }, // expired and says so
  ];
  for (const [i, c] of creds.entries()) {
    await t.prisma.credential.create({
      data: {
        identityId: firstIdentity,
        type: "api_key",
        fingerprint: `fp-${i}`,
        status: c.status,
        issuedAt: ago(c.issued),
        lastRotatedAt: c.rotated === undefined ? null : ago(c.rotated),
        expiresAt: c.expires === undefined ? null : ago(c.expires),
      },
    });
  }
});
afterAll(() => t?.close());

describe("identity metrics", () => {
  it("counts identities by kind, largest first", async () => {
    expect(await overview.identitiesByKind({ actor: auditor })).toEqual([
      { kind: "service_account", count: 3 },
      { kind: "ai_agent", count: 2 },
      { kind: "user", count: 1 },
    ]);
  });

  it("counts identities by status", async () => {
    expect(await overview.identitiesByStatus({ actor: auditor })).toEqual([
      { status: "active", count: 3 },
      { status: "disabled", count: 1 },
      { status: "discovered", count: 2 },
    ]);
  });

  it("separates non-human from human identities", async () => {
    expect(await overview.identitiesByActorType({ actor: auditor })).toEqual({ nhi: 5, human: 1 });
  });

  it("counts ownerless and discovered identities", async () => {
    expect(await overview.ownerlessIdentities({ actor: auditor })).toBe(3);
    expect(await overview.discoveredIdentities({ actor: auditor }, { now })).toEqual({ total: 2, last24h: 1 });
  });
});

describe("credential metrics", () => {
  it("counts active credentials past rotation age (last rotation, else issue date)", async () => {
    expect(await overview.credentialsPastRotation({ actor: auditor }, { now })).toBe(2);
    expect(await overview.credentialsPastRotation({ actor: auditor }, { now, maxAgeDays: 5 })).toBe(6);
  });

  it("counts expired credentials still marked active", async () => {
    expect(await overview.expiredActiveCredentials({ actor: auditor }, { now })).toBe(1);
  });
});

describe("event metrics before any event", () => {
  it("reports no events and a zero-filled week", async () => {
    expect(await overview.hasAnyEvents({ actor: auditor })).toBe(false);
    expect(await overview.eventsLast24h({ actor: auditor }, { now })).toEqual({ events: 0, denials: 0 });
    const week = await overview.eventsPerHour({ actor: auditor }, { now });
    expect(week).toHaveLength(168);
    expect(week.every((p) => p.events === 0 && p.denials === 0)).toBe(true);
  });
});

describe("event metrics from the hourly rollups", () => {
  beforeAll(async () => {
    const hour = (iso: string) => new Date(iso);
    const rollup = (iso: string, decision: "allow" | "deny" | "error", count: number, scope = "repo:read") => ({
      hour: hour(iso),
      identityId: firstIdentity,
      scope,
      decision,
      granted: true,
      count: BigInt(count),
      firstAt: hour(iso),
      lastAt: hour(iso),
    });
    await t.prisma.eventRollupHourly.createMany({
      data: [
        rollup("2026-11-20T12:00:00Z", "allow", 10), // current hour
        rollup("2026-11-20T12:00:00Z", "deny", 2),
        rollup("2026-11-20T12:00:00Z", "deny", 1, "repo:write"),
        rollup("2026-11-20T11:00:00Z", "allow", 5),
        rollup("2026-11-20T11:00:00Z", "error", 4),
        rollup("2026-11-19T13:00:00Z", "allow", 1), // oldest hour inside the 24 h window
        rollup("2026-11-19T12:00:00Z", "deny", 7), // just outside the 24 h window
        rollup("2026-11-13T13:00:00Z", "allow", 3), // first hour of the 7-day chart
        rollup("2026-11-12T12:00:00Z", "allow", 100), // older than the chart
        rollup("2026-11-20T13:00:00Z", "deny", 50), // after `now`: not counted
      ],
    });
  });

  it("knows that events exist", async () => {
    expect(await overview.hasAnyEvents({ actor: auditor })).toBe(true);
  });

  it("sums events and denials over the last 24 hourly buckets", async () => {
    expect(await overview.eventsLast24h({ actor: auditor }, { now })).toEqual({ events: 23, denials: 3 });
  });

  it("returns one zero-filled point per hour for the last 7 days", async () => {
    const week = await overview.eventsPerHour({ actor: auditor }, { now });
    expect(week).toHaveLength(168);
    expect(week[0]).toEqual({ hour: "2026-11-13T13:00:00.000Z", events: 3, denials: 0 });
    expect(week.at(-1)).toEqual({ hour: "2026-11-20T12:00:00.000Z", events: 13, denials: 3 });
    expect(week.at(-2)).toEqual({ hour: "2026-11-20T11:00:00.000Z", events: 9, denials: 0 });
    expect(week.reduce((s, p) => s + p.events, 0)).toBe(3 + 7 + 1 + 9 + 13);
  });

  it("can narrow the chart window", async () => {
    const day = await overview.eventsPerHour({ actor: auditor }, { now, hours: 2 });
    expect(day.map((p) => p.events)).toEqual([9, 13]);
  });
});

describe("authorization", () => {
  it("refuses an ingest key for every metric", async () => {
    for (const [name, metric] of Object.entries(overview)) {
      if (typeof metric !== "function") continue;
      await expect((metric as (ctx: { actor: Actor }) => Promise<unknown>)({ actor: ingestKey }), name).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});
