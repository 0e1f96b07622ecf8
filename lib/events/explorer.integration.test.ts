// The event explorer and its exports on real PostgreSQL: every filter against an independent
// count, keyset pages with ties and microsecond timestamps (no gaps, no duplicates, both
// directions), the exports' row sets, the audit row, and the role check.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "../auth/roles";
import { runner } from "../db/sql";
import { exportChunks } from "../exports/stream-export";
import { createTestDatabase, type TestDb } from "../test/db";
import { listEvents, type EventPage, type ScanOptions } from "./explorer";
import { EVENT_EXPORT_COLUMNS, eventBatches, exportEvents } from "./export-events";
import { parseEventFilters, resolveWindow, type Cursor, type EventFilters } from "./filters";
import { ingestKey, NOW, seedTrailsFixture, viewer, type Fixture } from "./test-fixture";

let t: TestDb;
let fx: Fixture;

beforeAll(async () => {
  t = await createTestDatabase("trails");
  fx = await seedTrailsFixture(t.pool);
});
afterAll(() => t?.close());

const filters = (qs: string) => parseEventFilters(new URLSearchParams(qs));

/** Every row id the explorer pages through for a query string, oldest-first cursor chain. */
async function pageAll(qs: string, pageSize = 7, scan: ScanOptions = {}): Promise<string[]> {
  const ids: string[] = [];
  let before: Cursor | undefined;
  for (let guard = 0; guard < 2000; guard++) {
    const page = await listEvents({ actor: viewer }, { filters: { ...filters(qs), pageSize, before }, now: NOW, ...scan });
    ids.push(...page.rows.map((r) => r.id));
    if (!page.older) return ids;
    before = page.older;
  }
  throw new Error("did not reach the last page");
}

/** The same set straight from SQL: window bounds as the explorer resolves them, plus a WHERE. */
async function expected(qs: string, where = "TRUE", values: unknown[] = []): Promise<string[]> {
  const w = resolveWindow(filters(qs), NOW);
  const { rows } = await t.pool.query<{ id: string }>(
    `SELECT e.id::text AS id FROM audit_events e
     WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND (${where})
     ORDER BY e.occurred_at DESC, e.id DESC`,
    [w.from, w.to, ...values],
  );
  return rows.map((r) => r.id);
}

describe("listEvents filters", () => {
  it("defaults to the last 24 hours, newest first", async () => {
    const ids = await pageAll("");
    expect(ids).toEqual(await expected(""));
    expect(ids.length).toBeGreaterThan(20);
  });

  it.each([
    ["decision=deny", "e.decision = 'deny'"],
    ["decision=error&range=30d", "e.decision = 'error'"],
    ["identity=svc-alpha&range=7d", "e.identity_id = $3", "alpha"],
    ["identity=SVC-ALPHA&range=7d", "e.identity_id = $3", "alpha"],
    ["identity=bot:beta", "e.identity_id = $3", "beta"],
    ["owner=platform", "e.owner_id = $3", "platform"],
    ["owner=none&range=7d", "e.owner_id IS NULL"],
    ["kind=ai_agent&range=7d", "e.identity_id = $3", "gamma"],
    ["action=s3:PutObject&range=30d", "e.action = 's3:PutObject'"],
    ["action=s3:*&range=7d", "e.action LIKE 's3:%'"],
    ["scope=secretsmanager:GetSecretValue&range=7d", "e.scope = 'secretsmanager:GetSecretValue'"],
    ["resource=arn:aws:s3:::billing/*&range=30d", "e.resource LIKE 'arn:aws:s3:::billing/%'"],
    ["ip=198.51.100.7&range=7d", "e.source_ip = '198.51.100.7'"],
    ["ip=10.1.0.*", "e.source_ip LIKE '10.1.0.%'"],
    ["grant=out&range=7d", "e.granted = false"],
    ["session=ses_replay&range=7d", "e.session_id = 'ses_replay'"],
    ["session=tr_tie", "e.trace_id = 'tr_tie'"],
    ["q=accessdenied&range=7d", "e.reason ILIKE '%accessdenied%'"],
    ["q=throttling", "e.reason ILIKE '%throttling%'"],
    ["decision=deny&identity=bot-beta&range=7d", "e.decision = 'deny' AND e.identity_id = $3", "beta"],
  ] as const)("%s", async (qs, where, who?: "alpha" | "beta" | "gamma" | "platform") => {
    const values = who === "platform" ? [fx.owners.platform] : who ? [fx.ids[who]] : [];
    const want = await expected(qs, where, values);
    expect(want.length).toBeGreaterThan(0);
    expect(await pageAll(qs)).toEqual(want);
  });

  it("matches free text literally, LIKE wildcards included", async () => {
    const hit = await pageAll("q=Quarterly%25Report_&range=7d");
    expect(hit).toHaveLength(1);
    expect(await pageAll("q=Quarterly_Report&range=7d")).toEqual([]);
  });

  it("finds an identity by id as well", async () => {
    expect(await pageAll(`identity=${fx.ids.gamma}&range=7d`)).toEqual(await expected("range=7d", "e.identity_id = $3", [fx.ids.gamma]));
  });

  it("answers an unknown identity without querying events, and says so", async () => {
    const page = await listEvents({ actor: viewer }, { filters: filters("identity=nobody"), now: NOW });
    expect(page.rows).toEqual([]);
    expect(page.identities).toEqual([]);
  });

  it("keeps every query inside the window: old and future events never show", async () => {
    const month = await pageAll("range=30d");
    expect(month).toEqual(await expected("range=30d"));
    const { rows } = await t.pool.query<{ id: string }>(
      "SELECT id::text FROM audit_events WHERE occurred_at < $1 OR occurred_at >= $2",
      [new Date(NOW.getTime() - 30 * 86_400_000), NOW],
    );
    expect(rows.length).toBe(3); // 31 and 40 days ago, and half an hour ahead
    for (const r of rows) expect(month).not.toContain(r.id);
    const custom = "from=2026-11-19T00:00&to=2026-11-19T12:00";
    expect(await pageAll(custom)).toEqual(await expected(custom));
  });

  it("returns rows with their identity and owner for display", async () => {
    const page = await listEvents({ actor: viewer }, { filters: filters("identity=svc-alpha&decision=deny&range=7d"), now: NOW });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      identityName: "svc-alpha", identityKind: "service_account", ownerTeam: "payments", decision: "deny",
      granted: false, riskClass: "export", sourceIp: "198.51.100.7", sessionId: "ses_replay",
    });
    expect(page.rows[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });
});

describe("keyset pages", () => {
  it("pages through ties and microsecond neighbours with no gaps or duplicates", async () => {
    for (const size of [1, 2, 3, 5, 7, 50]) {
      const ids = await pageAll("identity=bot-beta", size);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(await expected("", "e.identity_id = $3", [fx.ids.beta]));
    }
  });

  it("stops a slow search at a slice boundary and resumes there, still without gaps or duplicates", async () => {
    // A zero budget answers after one slice: each request reads one hour of the window.
    const hourly = { sliceMs: 3_600_000, budgetMs: 0 };
    const first = await listEvents({ actor: viewer }, { filters: { ...filters("identity=bot-beta&range=7d"), pageSize: 50 }, now: NOW, ...hourly });
    expect(first.searchedTo).toBe("2026-11-20T11:00:00.000Z");
    expect(first.older).toEqual({ at: "2026-11-20T11:00:00.000Z", id: "0" });
    for (const [qs, size] of [["identity=bot-beta&range=7d", 4], ["range=7d", 9], ["decision=deny&range=30d", 3]] as const) {
      const ids = await pageAll(qs, size, hourly);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(await pageAll(qs, 50));
    }
  });

  it("walks back towards the newest through budget stops too", async () => {
    const hourly = { sliceMs: 3_600_000, budgetMs: 0 };
    const f = { ...filters("identity=bot-beta&range=7d"), pageSize: 4 };
    const all = await pageAll("identity=bot-beta&range=7d", 50);
    const deep = all[all.length - 1];
    const [row] = (await t.pool.query<{ at: string }>(
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM audit_events WHERE id = $1`, [deep],
    )).rows;
    const seen: string[] = [];
    let after: Cursor | undefined = { at: row.at, id: deep };
    for (let guard = 0; after && guard < 500; guard++) {
      const page: EventPage = await listEvents({ actor: viewer }, { filters: { ...f, after }, now: NOW, ...hourly });
      seen.unshift(...page.rows.map((r) => r.id));
      after = page.newer ?? undefined;
    }
    expect(seen).toEqual(all.slice(0, -1));
  });

  it("pages back towards the newest with the same boundaries", async () => {
    const f = { ...filters("range=7d"), pageSize: 6 };
    const p1 = await listEvents({ actor: viewer }, { filters: f, now: NOW });
    const p2 = await listEvents({ actor: viewer }, { filters: { ...f, before: p1.older! }, now: NOW });
    const p3 = await listEvents({ actor: viewer }, { filters: { ...f, before: p2.older! }, now: NOW });
    const back2 = await listEvents({ actor: viewer }, { filters: { ...f, after: p3.newer! }, now: NOW });
    expect(back2.rows.map((r) => r.id)).toEqual(p2.rows.map((r) => r.id));
    const back1 = await listEvents({ actor: viewer }, { filters: { ...f, after: back2.newer! }, now: NOW });
    expect(back1.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    expect(back1.newer).toBeNull();
    expect(p1.newer).toBeNull();
  });
});

describe("exports", () => {
  async function exportAll(f: EventFilters, format: "csv" | "ndjson", batchSize: number): Promise<string> {
    const w = resolveWindow(f, NOW);
    const identityIds = f.identity ? [fx.ids.beta] : null;
    let out = "";
    for await (const chunk of exportChunks(format, EVENT_EXPORT_COLUMNS, eventBatches(runner(), f, w, identityIds, batchSize))) out += chunk;
    return out;
  }

  it("streams exactly the filtered set across keyset batches, ignoring page and cursor", async () => {
    const f = { ...filters("identity=bot-beta&range=7d"), pageSize: 2, before: { at: NOW.toISOString(), id: "1" } };
    const csv = await exportAll(f, "csv", 4);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^id,occurred_at,received_at,source,event_id,identity_id,/);
    const want = await expected("range=7d", "e.identity_id = $3", [fx.ids.beta]);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(want);

    const ndjson = await exportAll(f, "ndjson", 3);
    const objs = ndjson.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(objs.map((o) => o.id)).toEqual(want);
    expect(objs[0]).toMatchObject({ identityName: "bot-beta", decision: expect.any(String) });
  });

  it("keeps context as JSON in NDJSON and quoted text in CSV", async () => {
    const f = filters("identity=agent-gamma&q=InvokeModel&range=7d");
    const w = resolveWindow(f, NOW);
    let nd = "";
    for await (const c of exportChunks("ndjson", EVENT_EXPORT_COLUMNS, eventBatches(runner(), f, w, [fx.ids.gamma], 2))) nd += c;
    const withContext = nd.trimEnd().split("\n").map((l) => JSON.parse(l)).find((o) => o.context);
    expect(withContext.context).toEqual({ task: "summarise invoices", tool: "s3.list" });
    let csv = "";
    for await (const c of exportChunks("csv", EVENT_EXPORT_COLUMNS, eventBatches(runner(), f, w, [fx.ids.gamma], 2))) csv += c;
    expect(csv).toContain('"{""task"":""summarise invoices"",""tool"":""s3.list""}"');
  });

  it("records the export with its fixed window in Warden's audit log, and refuses an ingest key", async () => {
    const { filename, stream } = await exportEvents({ actor: viewer }, { filters: filters("decision=deny&range=7d"), format: "csv", now: NOW });
    expect(filename).toBe("warden-events-2026-11-20T120000Z.csv");
    const text = await new Response(stream).text();
    expect(text.trimEnd().split("\r\n")).toHaveLength((await expected("range=7d", "e.decision = 'deny'")).length + 1);
    const { rows } = await t.pool.query("SELECT actor_label, target_type, detail FROM warden_audit_log WHERE action = 'events.export'");
    expect(rows).toEqual([
      {
        actor_label: "v@example.com", target_type: "audit_events",
        detail: { format: "csv", filters: { decision: "deny" }, from: "2026-11-13T12:00:00.000Z", to: "2026-11-20T12:00:00.000Z" },
      },
    ]);
    await expect(exportEvents({ actor: ingestKey }, { filters: filters(""), format: "ndjson" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("authorization", () => {
  it("refuses an ingest key", async () => {
    await expect(listEvents({ actor: ingestKey }, { filters: filters("") })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
