// Overview comparisons on real PostgreSQL with a fixed clock: the last 24 hours against the 24
// before, and identities active this week against last week, against hand-made hourly rollups.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, type Actor } from "../auth/roles";
import { createTestDatabase, type TestDb } from "../test/db";
import { kpiComparison } from "./overview-trends";

let t: TestDb;
const viewer: Actor = { kind: "user", id: "00000000-0000-4000-8000-000000000001", email: "v@example.com", name: "V", role: "viewer" };
const now = new Date("2026-11-20T12:30:00Z");
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase("overviewtrends");
  for (let i = 0; i < 4; i++) {
    const r = await t.prisma.identity.create({
      data: { externalId: `id-${i}`, name: `id-${i}`, kind: "bot", actorType: "nhi", provider: "internal", environment: "prod", status: "active" },
    });
    ids.push(r.id);
  }
  const roll = (iso: string, who: number, decision: "allow" | "deny", count: number) => ({
    hour: new Date(iso), identityId: ids[who], scope: "s", decision, granted: true, count: BigInt(count), firstAt: new Date(iso), lastAt: new Date(iso),
  });
  await t.prisma.eventRollupHourly.createMany({
    data: [
      roll("2026-11-20T12:00:00Z", 0, "allow", 10), // current hour
      roll("2026-11-20T12:00:00Z", 0, "deny", 2),
      roll("2026-11-19T13:00:00Z", 1, "allow", 5), // first hour of the last 24
      roll("2026-11-19T12:00:00Z", 1, "deny", 7), // last hour of the previous 24
      roll("2026-11-18T13:00:00Z", 1, "allow", 1), // first hour of the previous 24
      roll("2026-11-18T12:00:00Z", 2, "allow", 100), // before both: only counts as "active this week"
      roll("2026-11-13T13:00:00Z", 3, "allow", 1), // first hour of this week
      roll("2026-11-13T12:00:00Z", 2, "allow", 1), // last hour of last week
      roll("2026-11-06T12:00:00Z", 3, "allow", 1), // before last week: ignored
      roll("2026-11-20T13:00:00Z", 3, "deny", 50), // after now: ignored
    ],
  });
});
afterAll(() => t?.close());

describe("kpiComparison", () => {
  it("compares the last 24 hours with the 24 before, and this week's active identities with last week's", async () => {
    expect(await kpiComparison({ actor: viewer }, { now })).toEqual({
      events: { current: 17, previous: 8 },
      denials: { current: 2, previous: 7 },
      activeIdentities: { current: 4, previous: 1 },
    });
  });

  it("refuses an ingest key", async () => {
    const key: Actor = { kind: "ingest-key", id: "00000000-0000-4000-8000-000000000002", name: "gw", allowedSources: [] };
    await expect(kpiComparison({ actor: key }, { now })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
