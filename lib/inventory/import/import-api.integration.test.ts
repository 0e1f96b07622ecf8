// POST /api/v1/inventory/import through the real route handler on real PostgreSQL, with ingest
// keys (the console session path and the viewer refusal are exercised in e2e/import.spec.ts):
// multipart and raw uploads, dry run then apply with the plan hash, NDJSON progress, refusals.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/inventory/import/route";
import { SYSTEM } from "../../auth/roles";
import { createIngestKey } from "../../ingest-keys/create-key";
import { samplesDir } from "../../ingest/adapters/test-samples";
import { createTestDatabase, type TestDb } from "../../test/db";
import { AWS_SAMPLES } from "./test-files";

let t: TestDb;
const keys: Record<string, string> = {};
const AWS_FILE = readFileSync(path.join(samplesDir(), AWS_SAMPLES, "cloudsplaining-test-authz-details.json"));
const K8S_FILE = readFileSync(path.join(import.meta.dirname, "fixtures", "kubectl-rbac-prod-eu-1.json"));

function upload(query: string, body: BodyInit, headers: Record<string, string> = {}, key = keys.inventory) {
  return POST(new Request(`http://warden.test/api/v1/inventory/import?${query}`, { method: "POST", body, headers: { authorization: `Bearer ${key}`, ...headers } }));
}
const form = (...files: [string, Buffer][]) => {
  const f = new FormData();
  for (const [name, bytes] of files) f.append("file", new Blob([new Uint8Array(bytes)]), name);
  return f;
};
const count = async (table: string) => Number((await t.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

beforeAll(async () => {
  t = await createTestDatabase("import_api");
  keys.inventory = (await createIngestKey({ actor: SYSTEM }, { name: "inventory-sync", scopes: ["inventory"] })).key;
  keys.events = (await createIngestKey({ actor: SYSTEM }, { name: "events-only" })).key;
  keys.k8sOnly = (await createIngestKey({ actor: SYSTEM }, { name: "k8s-sync", scopes: ["inventory"], allowedSources: ["kubernetes"] })).key;
});
afterAll(() => t?.close());

describe("POST /api/v1/inventory/import", () => {
  it("refuses an unknown key (401), an events-only key and a key for other sources (403), writing nothing", async () => {
    expect((await upload("source=aws", form(["a.json", AWS_FILE]), {}, "wdn_unknown")).status).toBe(401);
    const events = await upload("source=aws", form(["a.json", AWS_FILE]), {}, keys.events);
    expect(events.status).toBe(403);
    expect(await events.json()).toMatchObject({ code: "forbidden", detail: "events-only may not inventory import" });
    const other = await upload("source=aws", form(["a.json", AWS_FILE]), {}, keys.k8sOnly);
    expect([other.status, (await other.json()).code]).toEqual([403, "forbidden"]);
    expect(await count("identities")).toBe(0);
  });

  it("a multipart dry run answers the diff and writes nothing; applying with its plan hash writes it", async () => {
    const dry = await upload("source=aws&dryRun=true", form(["authorization-details.json", AWS_FILE]));
    expect(dry.status).toBe(200);
    const plan = await dry.json();
    expect(plan).toMatchObject({ dryRun: true, importId: null, source: "aws", files: [{ name: "authorization-details.json", format: "aws-authorization-details" }] });
    expect(plan.diff.identities.added).toBe(6);
    expect(await count("identities")).toBe(0);
    const applied = await (await upload(`source=aws&plan=${plan.planHash}`, form(["authorization-details.json", AWS_FILE]))).json();
    expect(applied).toMatchObject({ dryRun: false, importId: expect.any(String), planHash: plan.planHash });
    expect(await count("identities")).toBe(6);
    expect((await t.pool.query("SELECT actor_type, actor_label FROM inventory_imports")).rows).toEqual([{ actor_type: "ingest-key", actor_label: "inventory-sync" }]);
  });

  it("refuses a stale plan hash (409) and changes nothing", async () => {
    const res = await upload(`source=aws&plan=${"0".repeat(64)}`, form(["authorization-details.json", AWS_FILE]));
    expect([res.status, (await res.json()).field]).toEqual([409, "plan"]);
    expect(await count("inventory_imports")).toBe(1);
  });

  it("takes a raw body named by ?filename=, and streams NDJSON progress when asked", async () => {
    const res = await upload("source=kubernetes&cluster=prod-eu-1&filename=rbac.json", new Uint8Array(K8S_FILE), { accept: "application/x-ndjson" });
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === "progress").map((l) => l.phase)).toEqual(expect.arrayContaining(["reading", "staging", "planning", "writing"]));
    expect(lines.at(-1)).toMatchObject({ type: "result", result: { files: [{ name: "rbac.json", format: "kubectl-json" }], diff: { identities: { added: 11 } } } });
  });

  it("refuses a malformed file with the file, the place and the reason (400, problem+json)", async () => {
    const res = await upload("source=kubernetes", form(["broken.json", Buffer.from('{"kind": "List", "items": [{"kind": "Role", "metadata": {"name": 3}}]}')]));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "invalid", field: "file", file: "broken.json", path: "$.items[0].metadata.name" });
    const bad = await upload("source=gcp", form(["x.json", AWS_FILE]));
    expect([bad.status, (await bad.json()).field]).toEqual([400, "query.source"]);
  });

  it("refuses a body declared over the limit before reading it (413)", async () => {
    const res = await upload("source=aws", "x", { "content-length": String(10 * 1024 ** 3), "content-type": "application/json" });
    expect(res.status).toBe(413);
  });
});
