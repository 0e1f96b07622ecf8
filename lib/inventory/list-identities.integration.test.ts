// The identities list and CSV export on real PostgreSQL: every filter, sort order, paging,
// totals under the same filters, credential counts, and the role check.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, type Actor } from "../auth/roles";
import type { IdentityKind, IdentityStatus } from "../db/generated/enums";
import { runner } from "../db/sql";
import { createTestDatabase, type TestDb } from "../test/db";
import { exportIdentitiesCsv, identityCsvChunks } from "./export-identities";
import { listFilterOptions } from "./filter-options";
import { parseIdentityFilters } from "./filters";
import { listIdentities } from "./list-identities";

let t: TestDb;
let payments: string;
let platform: string;

const viewer: Actor = { kind: "user", id: "00000000-0000-4000-8000-000000000001", email: "v@example.com", name: "V", role: "viewer" };
const ingestKey: Actor = { kind: "ingest-key", id: "00000000-0000-4000-8000-000000000002", name: "gw", allowedSources: [] };
const day = 86_400_000;
const now = Date.parse("2026-11-20T12:00:00Z");

type Seed = {
  name: string;
  kind: IdentityKind;
  env: string;
  status: IdentityStatus;
  risk: number;
  owner: "payments" | "platform" | null;
  lastSeenDaysAgo: number | null;
  creds?: ("active" | "revoked")[];
};

const SEED: Seed[] = [
  { name: "svc-payments-api", kind: "service_account", env: "prod", status: "active", risk: 95, owner: "payments", lastSeenDaysAgo: 0, creds: ["active", "active", "revoked"] },
  { name: "svc-payments-batch", kind: "service_account", env: "prod", status: "active", risk: 72, owner: "payments", lastSeenDaysAgo: 3 },
  { name: "ci-deploy", kind: "ci_token", env: "prod", status: "active", risk: 55, owner: "platform", lastSeenDaysAgo: 1, creds: ["active"] },
  { name: "Bot-Notifier", kind: "bot", env: "staging", status: "disabled", risk: 20, owner: "platform", lastSeenDaysAgo: 30 },
  { name: "shadow_agent", kind: "ai_agent", env: "prod", status: "discovered", risk: 88, owner: null, lastSeenDaysAgo: 0 },
  { name: "shadowXagent", kind: "ai_agent", env: "dev", status: "discovered", risk: 40, owner: null, lastSeenDaysAgo: null },
  { name: "=HYPERLINK(\"x\")", kind: "api_key", env: "dev", status: "revoked", risk: 5, owner: null, lastSeenDaysAgo: 90 },
  { name: "ada.lovelace", kind: "user", env: "prod", status: "active", risk: 39, owner: "payments", lastSeenDaysAgo: 2 },
];

const list = (qs: string, actor: Actor = viewer) => listIdentities({ actor }, parseIdentityFilters(new URLSearchParams(qs)));
const names = async (qs: string) => (await list(qs)).rows.map((r) => r.name);

beforeAll(async () => {
  t = await createTestDatabase("inventory");
  payments = (await t.prisma.owner.create({ data: { team: "payments", personName: "Ada Lovelace", personEmail: "ada@example.com" } })).id;
  platform = (await t.prisma.owner.create({ data: { team: "platform", personName: "Grace Hopper", personEmail: "grace@example.com" } })).id;
  for (const [i, s] of SEED.entries()) {
    const identity = await t.prisma.identity.create({
      data: {
        externalId: `ext-${i}-${s.name}`,
        name: s.name,
        kind: s.kind,
        actorType: s.kind === "user" ? "human" : "nhi",
        provider: "aws",
        environment: s.env,
        status: s.status,
        riskScore: s.risk,
        ownerId: s.owner === "payments" ? payments : s.owner === "platform" ? platform : null,
        createdAt: new Date(now - (100 - i) * day),
        lastSeenAt: s.lastSeenDaysAgo === null ? null : new Date(now - s.lastSeenDaysAgo * day),
      },
    });
    for (const [j, status] of (s.creds ?? []).entries()) {
      await t.prisma.credential.create({
        data: { identityId: identity.id, type: "api_key", fingerprint: `fp-${i}-${j}`, issuedAt: new Date(now - day), status },
      });
    }
  }
});
afterAll(() => t?.close());

describe("listIdentities", () => {
  it("lists everything by risk, highest first, with the total", async () => {
    const page = await list("");
    expect(page.total).toBe(SEED.length);
    expect(page.rows.map((r) => r.riskScore)).toEqual([...SEED.map((s) => s.risk)].sort((a, b) => b - a));
    expect(page.pageCount).toBe(1);
  });

  it("returns owner, risk band and credential counts for each row", async () => {
    const [api] = (await list("q=svc-payments-api")).rows;
    expect(api).toMatchObject({
      name: "svc-payments-api",
      actorType: "nhi",
      riskBand: "critical",
      owner: { id: payments, team: "payments", personName: "Ada Lovelace" },
      credentials: { active: 2, total: 3 },
    });
    expect(api.lastSeenAt).toBe(new Date(now).toISOString());
    const [shadow] = (await list("q=shadowx")).rows;
    expect(shadow).toMatchObject({ owner: null, credentials: { active: 0, total: 0 }, lastSeenAt: null });
  });

  it("searches any part of the name or external id, case-insensitively", async () => {
    expect(await names("q=SVC-PAY&sort=name&dir=asc")).toEqual(["svc-payments-api", "svc-payments-batch"]);
    expect(await names("q=bot-")).toEqual(["Bot-Notifier"]);
    expect(await names("q=ext-2-ci-deploy")).toEqual(["ci-deploy"]);
    expect(await names("q=payments&sort=name&dir=asc")).toEqual(["svc-payments-api", "svc-payments-batch"]);
    expect(await names("q=no-such-identity")).toEqual([]);
  });

  it("treats LIKE wildcards in the search literally", async () => {
    expect(await names("q=shadow_")).toEqual(["shadow_agent"]);
    expect(await names("q=%25")).toEqual([]);
  });

  it("filters by kind, environment, status and actor type", async () => {
    expect(await names("kind=ai_agent&sort=name&dir=asc")).toEqual(["shadow_agent", "shadowXagent"]);
    expect((await list("environment=prod")).total).toBe(5);
    expect(await names("status=discovered&environment=dev")).toEqual(["shadowXagent"]);
    expect(await names("actor=human")).toEqual(["ada.lovelace"]);
    expect((await list("actor=nhi")).total).toBe(SEED.length - 1);
  });

  it("filters by owner, including ownerless identities", async () => {
    expect((await list(`owner=${platform}`)).rows.map((r) => r.name).sort()).toEqual(["Bot-Notifier", "ci-deploy"]);
    expect((await list("owner=none&sort=name&dir=asc")).rows.map((r) => r.name)).toEqual([
      "=HYPERLINK(\"x\")",
      "shadow_agent",
      "shadowXagent",
    ]);
  });

  it("filters by risk band boundaries", async () => {
    expect(await names("risk=critical")).toEqual(["svc-payments-api"]);
    expect(await names("risk=high")).toEqual(["shadow_agent", "svc-payments-batch"]);
    expect(await names("risk=medium")).toEqual(["ci-deploy", "shadowXagent"]);
    expect(await names("risk=low")).toEqual(["ada.lovelace", "Bot-Notifier", "=HYPERLINK(\"x\")"]);
  });

  it("combines filters with AND and counts with the same filters", async () => {
    const page = await list("environment=prod&status=active&risk=high");
    expect(page.rows.map((r) => r.name)).toEqual(["svc-payments-batch"]);
    expect(page.total).toBe(1);
  });

  it("sorts by name case-insensitively in both directions", async () => {
    const asc = await names("sort=name&dir=asc");
    // "Bot-Notifier" would sort before "ada.lovelace" if case mattered.
    expect(asc.indexOf("ada.lovelace")).toBeLessThan(asc.indexOf("Bot-Notifier"));
    expect(asc.indexOf("Bot-Notifier")).toBeLessThan(asc.indexOf("ci-deploy"));
    expect(asc.indexOf("ci-deploy")).toBeLessThan(asc.indexOf("svc-payments-api"));
    expect(await names("sort=name&dir=desc")).toEqual([...asc].reverse());
  });

  it("sorts by owner and by last seen with missing values last either way", async () => {
    for (const dir of ["asc", "desc"]) {
      const byOwner = (await list(`sort=owner&dir=${dir}`)).rows;
      expect(byOwner.slice(-3).every((r) => r.owner === null)).toBe(true);
      const bySeen = (await list(`sort=lastSeen&dir=${dir}`)).rows;
      expect(bySeen.at(-1)?.name).toBe("shadowXagent");
    }
    expect((await list("sort=owner&dir=asc")).rows[0].owner?.team).toBe("payments");
    expect((await names("sort=lastSeen&dir=asc"))[0]).toBe("=HYPERLINK(\"x\")");
  });

  it("sorts by kind, environment, status and creation time", async () => {
    expect((await list("sort=kind&dir=asc")).rows[0].kind).toBe("service_account"); // enum order
    expect((await list("sort=environment&dir=asc")).rows[0].environment).toBe("dev");
    expect((await list("sort=status&dir=desc")).rows[0].status).toBe("discovered");
    expect((await names("sort=createdAt&dir=asc"))[0]).toBe("svc-payments-api");
  });

  it("pages without overlap and keeps the total", async () => {
    const all = await names("sort=name&dir=asc");
    const pages = await Promise.all([1, 2, 3].map((p) => list(`sort=name&dir=asc&pageSize=3&page=${p}`)));
    expect(pages.map((p) => p.total)).toEqual([SEED.length, SEED.length, SEED.length]);
    expect(pages.map((p) => p.pageCount)).toEqual([3, 3, 3]);
    expect(pages.flatMap((p) => p.rows.map((r) => r.name))).toEqual(all);
    const past = await list("pageSize=3&page=9");
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(SEED.length);
  });

  it("refuses an ingest key", async () => {
    await expect(list("", ingestKey)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listFilterOptions({ actor: ingestKey })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("listFilterOptions", () => {
  it("lists owners by team and the distinct environments", async () => {
    const options = await listFilterOptions({ actor: viewer });
    expect(options.owners.map((o) => o.team)).toEqual(["payments", "platform"]);
    expect(options.environments).toEqual(["dev", "prod", "staging"]);
  });
});

describe("CSV export", () => {
  async function csv(qs: string, batchSize: number): Promise<string> {
    let out = "";
    for await (const chunk of identityCsvChunks(runner(), parseIdentityFilters(new URLSearchParams(qs)), batchSize)) out += chunk;
    return out;
  }

  it("streams every matching row across keyset batches, ignoring the page", async () => {
    const text = await csv("page=2&pageSize=1", 3);
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^id,external_id,name,kind,actor_type,/);
    expect(lines).toHaveLength(SEED.length + 1);
    const ids = lines.slice(1).map((l) => l.split(",")[0]);
    expect(new Set(ids).size).toBe(SEED.length);
    expect(ids).toEqual([...ids].sort());
  });

  it("applies the same filters as the table", async () => {
    const lines = (await csv("owner=none&kind=ai_agent", 1)).trimEnd().split("\r\n");
    expect(lines.slice(1).map((l) => l.split(",")[2]).sort()).toEqual(["shadowXagent", "shadow_agent"]);
  });

  it("neutralises formula-looking values", async () => {
    const text = await csv("risk=low&environment=dev", 10);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it("records the export in Warden's audit log and refuses an ingest key", async () => {
    const { filename, stream } = await exportIdentitiesCsv({ actor: viewer }, { filters: parseIdentityFilters({ owner: "none" }) });
    expect(filename).toMatch(/^warden-identities-\d{4}-\d{2}-\d{2}T\d{6}Z\.csv$/);
    const text = await new Response(stream).text();
    expect(text.trimEnd().split("\r\n")).toHaveLength(4);
    const { rows } = await t.pool.query(
      "SELECT actor_label, detail FROM warden_audit_log WHERE action = 'inventory.identities.export'",
    );
    expect(rows).toEqual([{ actor_label: "v@example.com", detail: { format: "csv", filters: { owner: "none" } } }]);
    await expect(exportIdentitiesCsv({ actor: ingestKey }, { filters: parseIdentityFilters({}) })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
