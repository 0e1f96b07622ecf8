import { afterAll, beforeAll, expect, it } from "vitest";
import { runner } from "../db/sql";
import { createTestDatabase, type TestDb } from "../test/db";
import { riskBand } from "./risk";
import { recomputeRiskScores } from "./risk-score";

let t: TestDb;
const now = new Date("2026-11-20T00:00:00Z");
const past = new Date("2026-01-01T00:00:00Z");

async function identity(name: string, environment: string, classes: string[], revoked: string[] = []) {
  const i = await t.prisma.identity.create({
    data: { externalId: name, name, kind: "service_account", actorType: "nhi", provider: "aws", environment, status: "active" },
  });
  for (const [n, cls] of [...classes.map((c) => [c, false] as const), ...revoked.map((c) => [c, true] as const)].entries()) {
    const scope = await t.prisma.scope.create({ data: { name: `${name}:${cls[0]}:${n}`, resource: "r", riskClass: cls[0] as "read", provider: "aws" } });
    await t.prisma.grant.create({ data: { identityId: i.id, scopeId: scope.id, grantedBy: "t", grantedAt: past, revokedAt: cls[1] ? past : null } });
  }
  return i.id;
}

beforeAll(async () => {
  t = await createTestDatabase("risk_score");
});
afterAll(() => t.close());

it("scores by the most dangerous live grant, breadth and environment", async () => {
  const ids = {
    prodAdmin: await identity("prod-admin", "prod", ["admin", "permission_change", "read"]),
    devReader: await identity("dev-reader", "dev", ["read"]),
    none: await identity("no-grants", "prod", []),
    revokedAdmin: await identity("revoked-admin", "prod", ["write"], ["admin"]),
    wideProd: await identity("wide-prod", "prod", Array(9).fill("admin")),
  };
  await recomputeRiskScores(runner(), now);
  const rows = await t.prisma.identity.findMany({ select: { id: true, riskScore: true } });
  const score = (id: string) => rows.find((r) => r.id === id)!.riskScore;
  expect(score(ids.prodAdmin)).toBe(78);
  expect(riskBand(score(ids.prodAdmin))).toBe("high");
  expect(score(ids.devReader)).toBe(6);
  expect(score(ids.none)).toBe(0);
  expect(score(ids.revokedAdmin)).toBe(25); // the revoked admin grant no longer counts
  expect(score(ids.wideProd)).toBe(90);
  expect(riskBand(score(ids.wideProd))).toBe("critical");
});
