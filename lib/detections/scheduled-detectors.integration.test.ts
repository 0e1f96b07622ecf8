// Every scheduled detector on a small estate built for it, through the real ingest pipeline: a
// positive case and a benign look-alike that must not fire, side by side.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../auth/roles";
import { ingestKeyActor } from "../test/actors";
import { createTestDatabase, type TestDb } from "../test/db";
import { ingestBatch } from "../ingest/ingest-batch";
import { foldRollups } from "../ingest/rollup-fold";
import { foldCandidates } from "./fold";
import { runDetectors } from "./run-detectors";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR + 30 * 60_000);
const hourAgo = (h: number) => new Date(Math.floor(NOW.getTime() / HOUR) * HOUR - h * HOUR);
const ago = (d: number) => new Date(NOW.getTime() - d * DAY).toISOString();

let t: TestDb;
const q = <T extends object>(text: string, values: unknown[] = []) => t.pool.query<T & import("pg").QueryResultRow>(text, values).then((r) => r.rows);

type Ev = Record<string, unknown>;
let seq = 0;
const events: Ev[] = [];
function emit(identity: string, at: Date, over: Ev = {}): void {
  events.push({
    eventId: `t-${seq++}`, source: "fixture", occurredAt: at.toISOString(), identity, action: String(over.scope ?? "s1"), scope: "s1",
    decision: "allow", sourceIp: "10.0.0.1", userAgent: "app/1.0", credentialRef: `cred-${identity}`, ...over,
  });
}

async function identity(name: string, o: { provider?: string; owner?: boolean; status?: string; created?: string; lastSeen?: string | null } = {}) {
  const [row] = await q<{ id: string }>(`
    INSERT INTO identities (external_id, name, kind, actor_type, provider, environment, status, owner_id, created_at, last_seen_at)
    VALUES ($1, $1, 'service_account', 'nhi', $2, 'prod', $3::identity_status, CASE WHEN $4 THEN (SELECT id FROM owners LIMIT 1) END, $5, $6)
    RETURNING id`, [name, o.provider ?? "acme", o.status ?? "active", o.owner ?? true, o.created ?? ago(400), o.lastSeen ?? null]);
  return row.id;
}
async function grant(id: string, scopes: string[], grantedDaysAgo: number) {
  await q(`INSERT INTO grants (identity_id, scope_id, granted_by, granted_at) SELECT $1, s.id, 'test', $3 FROM scopes s WHERE s.name = ANY ($2::text[])`, [id, scopes, ago(grantedDaysAgo)]);
}
async function credential(id: string, fp: string, o: { issued: string; rotated?: string; expires?: string; status?: string; lastUsed?: string }) {
  await q(`INSERT INTO credentials (identity_id, type, fingerprint, issued_at, last_rotated_at, expires_at, status, last_used_at)
    VALUES ($1, 'access_key', $2, $3, $4, $5, $6::credential_status, $7)`, [id, fp, o.issued, o.rotated ?? null, o.expires ?? null, o.status ?? "active", o.lastUsed ?? null]);
}
const SCOPES = ["s1", "s2", "s3", "s4", "s5", "s6"];

beforeAll(async () => {
  t = await createTestDatabase("scheduled_detectors");
  await q(`INSERT INTO owners (team, person_name, person_email) VALUES ('platform', 'Pat Lee', 'pat@acme.test')`);
  await q(`INSERT INTO scopes (name, resource, risk_class, provider) SELECT unnest($1::text[]), 'r', 'read', 'acme'`, [SCOPES]);
  // unused-grants: uses one of six grants for 40 days; benign: uses all six; benign: grants made 5 days ago.
  const lazy = await identity("lazy"); await grant(lazy, SCOPES, 200);
  const busy = await identity("diligent"); await grant(busy, SCOPES, 200);
  const young = await identity("young-grants"); await grant(young, SCOPES, 5);
  for (let d = 1; d <= 40; d++) {
    emit("lazy", new Date(NOW.getTime() - d * DAY), { scope: "s1" });
    emit("young-grants", new Date(NOW.getTime() - d * DAY), { scope: "s1" });
    for (const s of SCOPES) emit("diligent", new Date(NOW.getTime() - d * DAY + 60_000), { scope: s });
  }
  // dormant-identity: silent 100 days; benign: created 10 days ago; benign: its provider sends nothing.
  await identity("sleeper", { lastSeen: ago(100) });
  await identity("newbie", { created: ago(10) });
  await identity("sleeper-unseen-provider", { provider: "silent-cloud", lastSeen: ago(100) });
  // ownerless vs owned; discovered is its own finding, not ownerless.
  await identity("orphan", { owner: false, lastSeen: ago(1) });
  await identity("shadow", { owner: false, status: "discovered", lastSeen: ago(1) });
  // rotation-overdue / expired-active / dormant-credential.
  const keys = await identity("keyring", { lastSeen: ago(0) });
  await credential(keys, "OLDKEY", { issued: ago(200), lastUsed: ago(0) });
  await credential(keys, "FRESHKEY", { issued: ago(10), lastUsed: ago(0) });
  await credential(keys, "ROTATEDKEY", { issued: ago(400), rotated: ago(10), lastUsed: ago(0) });
  await credential(keys, "EXPIREDKEY", { issued: ago(50), expires: ago(1), lastUsed: ago(0.5) });
  await credential(keys, "LIVEKEY", { issued: ago(50), expires: ago(-1), lastUsed: ago(0) });
  await credential(keys, "DEADKEY", { issued: ago(50), expires: ago(1), status: "expired" });
  await credential(keys, "FORGOTTENKEY", { issued: ago(300), lastUsed: ago(80), rotated: ago(40) });
  // denial-burst: quiet, then 50 denials over 20 resources in one hour; benign: 12 denials every hour.
  for (let h = 2; h < 72; h++) {
    emit("prober", hourAgo(h), { scope: "s1" });
    for (let i = 0; i < 12; i++) emit("steady-denier", new Date(hourAgo(h).getTime() + i * 60_000), { decision: "deny", resource: "one-bucket" });
  }
  for (let i = 0; i < 50; i++) emit("prober", new Date(hourAgo(1).getTime() + i * 60_000), { decision: "deny", resource: `res-${i % 20}`, scope: `x${i % 20}` });
  // off-hours: 09–17 UTC for 20 days then 03:00; benign: the same profile with 18:00 (next to its hours).
  for (let d = 2; d <= 21; d++) {
    for (let h = 9; h <= 17; h++) {
      const at = new Date(Math.floor((NOW.getTime() - d * DAY) / DAY) * DAY + h * HOUR + 5 * 60_000);
      emit("office-job", at);
      emit("office-job-late", at);
    }
  }
  const today = Math.floor((NOW.getTime() - HOUR) / DAY) * DAY;
  const nightHour = NOW.getTime() - (today + 3 * HOUR) >= 2 * HOUR ? today + 3 * HOUR : today - DAY + 3 * HOUR;
  for (let i = 0; i < 5; i++) emit("office-job", new Date(nightHour + i * 60_000));
  const eveningHour = NOW.getTime() - (today + 18 * HOUR) >= HOUR ? today + 18 * HOUR : today - DAY + 18 * HOUR;
  for (let i = 0; i < 5; i++) emit("office-job-late", new Date(eveningHour + i * 60_000));
  // abnormal-rate: ~10 an hour, then 500 in one hour; benign: a steady 120 an hour.
  for (let h = 2; h < 24 * 9; h++) {
    for (let i = 0; i < 10; i++) emit("batcher", new Date(hourAgo(h).getTime() + i * 300_000));
    if (h < 24 * 8) for (let i = 0; i < 120; i++) emit("steady-api", new Date(hourAgo(h).getTime() + i * 29_000));
  }
  for (let i = 0; i < 500; i++) emit("batcher", new Date(hourAgo(1).getTime() + i * 7_000));
  for (let i = 0; i < 120; i++) emit("steady-api", new Date(hourAgo(1).getTime() + i * 29_000));
  // shared-credential: one key, three origins, two clients; benign: three clusters, one client.
  ["prod-eks/etl", "airflow/workers", "jenkins/reports"].forEach((origin, i) =>
    emit("shared-reader", new Date(NOW.getTime() - (i + 1) * HOUR), { origin, userAgent: i === 0 ? "Boto3/1.34" : "aws-cli/2.17", credentialRef: "AKIASHARED" }));
  ["prod-eks-use1/web", "prod-eks-euw1/web", "prod-eks-apse1/web"].forEach((origin, i) =>
    emit("multi-region", new Date(NOW.getTime() - (i + 1) * HOUR), { origin, userAgent: "web/3.1", credentialRef: "AKIAREGIONS" }));

  events.sort((a, b) => String(a.occurredAt).localeCompare(String(b.occurredAt)));
  for (let i = 0; i < events.length; i += 5000) {
    await ingestBatch(ingestKeyActor, { body: Buffer.from(JSON.stringify(events.slice(i, i + 5000))), contentType: "application/json" });
  }
  await foldRollups(t.pool, { wait: true });
  await foldCandidates(t.pool, { wait: true });
  await runDetectors({ actor: SYSTEM }, { now: NOW });
}, 180_000);
afterAll(() => t?.close());

async function flagged(detector: string): Promise<string[]> {
  const rows = await q<{ name: string; subject: string }>(`
    SELECT i.name, f.subject FROM findings f JOIN identities i ON i.id = f.identity_id WHERE f.detector = $1 AND f.status = 'open'`, [detector]);
  return rows.map((r) => (r.subject && detector !== "shared-credential" ? `${r.name}:${r.subject}` : r.name)).sort();
}

describe("scheduled detectors: positive and benign look-alike", () => {
  it("unused-grants: five of six unused over the window; not when all are used, nor when the grants are younger than the window", async () => {
    const names = await flagged("unused-grants");
    expect(names).toContain("lazy");
    expect(names).not.toContain("diligent");
    expect(names).not.toContain("young-grants");
    const [f] = await q<{ detail: { facts: { suggestedGrant: string[] } } }>(`SELECT f.detail FROM findings f JOIN identities i ON i.id = f.identity_id WHERE i.name = 'lazy' AND f.detector = 'unused-grants'`);
    expect(f.detail.facts.suggestedGrant).toEqual(["s1"]);
  });
  it("dormant-identity: silent for 100 days; not a young identity, nor one whose provider sends nothing", async () => {
    const names = await flagged("dormant-identity");
    expect(names).toContain("sleeper");
    expect(names).not.toContain("newbie");
    expect(names).not.toContain("sleeper-unseen-provider");
  });
  it("ownerless and discovered-identity: each its own case, not each other's", async () => {
    expect(await flagged("ownerless")).toContain("orphan");
    expect(await flagged("ownerless")).not.toContain("shadow");
    expect(await flagged("ownerless")).not.toContain("keyring");
    expect(await flagged("discovered-identity")).toContain("shadow");
    expect(await flagged("discovered-identity")).not.toContain("orphan");
  });
  it("rotation-overdue, expired-active, dormant-credential: the old, expired and forgotten keys only", async () => {
    expect(await flagged("rotation-overdue")).toEqual(["keyring:OLDKEY"]);
    expect(await flagged("expired-active")).toEqual(["keyring:EXPIREDKEY"]);
    expect(await flagged("dormant-credential")).toEqual(["keyring:FORGOTTENKEY"]);
    const [e] = await q<{ severity: string }>(`SELECT severity::text FROM findings WHERE subject = 'EXPIREDKEY'`);
    expect(e.severity).toBe("critical"); // used after its expiry
  });
  it("denial-burst: a probing hour; not an identity that is always denied at the same rate", async () => {
    expect(await flagged("denial-burst")).toEqual(["prober"]);
  });
  it("off-hours: 03:00 for a 09–17 job; not 18:00 right after its hours", async () => {
    const names = await flagged("off-hours");
    expect(names).toContain("office-job");
    expect(names).not.toContain("office-job-late");
  });
  it("abnormal-rate: 50 times its usual hour; not a busy but steady identity", async () => {
    const names = await flagged("abnormal-rate");
    expect(names).toContain("batcher");
    expect(names).not.toContain("steady-api");
  });
  it("shared-credential: three workloads with different clients; not one application in three regions", async () => {
    expect(await flagged("shared-credential")).toEqual(["shared-reader"]);
  });
});
