// The demo estate's stories each produce their finding, the background population few others
// (counted and printed), and findings move through their lifecycle with every change audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../auth/roles";
import { seedDemoEstate, STORIES } from "../../prisma/seed";
import { userActor } from "../test/actors";
import { createTestDatabase, type TestDb } from "../test/db";
import { acknowledgeFinding } from "../findings/acknowledge";
import { assignFinding } from "../findings/assign";
import { commentFinding } from "../findings/comment";
import { expireSuppressions } from "../findings/expire-suppressions";
import { reopenFinding } from "../findings/reopen";
import { resolveFinding } from "../findings/resolve";
import { suppressFinding } from "../findings/suppress";
import { addFindingToReview } from "../findings/add-to-review";
import { findingsFeed } from "../findings/api-findings";
import { detectStoredEstate } from "./detect-estate";
import { runDetectors } from "./run-detectors";
import { updateDetectorSettings } from "./update-settings";

const NOW = new Date("2026-11-20T12:00:00Z");
// Story → the detector that must raise its finding (and on which identity).
const EXPECTED: [keyof typeof STORIES, string][] = [
  ["dormantAdmin", "dormant-identity"], ["ownerlessKey", "ownerless"], ["unusedCiToken", "unused-grants"],
  ["replayKey", "new-source"], ["replayKey", "off-hours"], ["probingIntegration", "denial-burst"],
  ["secretExportAgent", "high-risk-action"], ["prodFromDev", "environment-crossing"], ["sharedCredential", "shared-credential"],
  ["humanThroughServiceAccount", "human-through-nhi"],
];
// Detectors about behaviour (as opposed to inventory hygiene the estate plants on purpose:
// stale credentials, dormant and ownerless identities, shadow identities, unused grants).
const BEHAVIOUR = ["new-source", "environment-crossing", "human-through-nhi", "high-risk-action", "ungranted-high-risk", "denial-burst", "off-hours", "abnormal-rate", "shared-credential"];

let t: TestDb;
const q = <T extends object>(text: string, values: unknown[] = []) => t.pool.query<T & import("pg").QueryResultRow>(text, values).then((r) => r.rows);

beforeAll(async () => {
  t = await createTestDatabase("findings_demo");
  await seedDemoEstate(t.pool, { identities: 300, events: 60_000, days: 30, now: NOW });
  await detectStoredEstate(SYSTEM, { days: 30, now: NOW });
}, 240_000);
afterAll(() => t?.close());

describe("the demo estate", () => {
  it("raises each story's finding", async () => {
    const rows = await q<{ detector: string; name: string }>(`SELECT f.detector, i.name FROM findings f JOIN identities i ON i.id = f.identity_id`);
    for (const [story, detector] of EXPECTED) {
      expect(rows.some((r) => r.detector === detector && r.name === STORIES[story].name), `${story} → ${detector}`).toBe(true);
    }
  });

  it("raises few behavioural findings on the background population", async () => {
    const names: string[] = Object.values(STORIES).map((s) => s.name);
    const rows = await q<{ detector: string; n: number }>(`
      SELECT f.detector, count(*)::int AS n FROM findings f JOIN identities i ON i.id = f.identity_id
       WHERE NOT (i.name = ANY ($1::text[])) GROUP BY 1 ORDER BY 1`, [names]);
    const behaviour = rows.filter((r) => BEHAVIOUR.includes(r.detector)).reduce((n, r) => n + r.n, 0);
    const identities = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM identities`))[0].n;
    console.log(`false-positive count on the background (${identities} identities): behavioural ${behaviour}; per detector ${rows.map((r) => `${r.detector} ${r.n}`).join(", ")}`);
    expect(behaviour).toBeLessThanOrEqual(Math.ceil(identities * 0.05));
  });

  it("shows its working: rule, inputs, threshold and coverage on every finding", async () => {
    const rows = await q<{ detail: { rule?: string; coverage?: string; inputs?: object } }>(`SELECT detail FROM findings`);
    for (const r of rows) {
      expect(r.detail.rule).toBeTruthy();
      expect(r.detail.coverage).toBeTruthy();
      expect(r.detail.inputs).toBeTypeOf("object");
    }
  });

  it("never calls an identity dormant when its provider sends nothing", async () => {
    const [admin] = await q<{ id: string; provider: string }>(`SELECT id, provider FROM identities WHERE name = $1`, [STORIES.dormantAdmin.name]);
    await q(`UPDATE identities SET provider = 'silent-cloud' WHERE id = $1`, [admin.id]);
    await runDetectors({ actor: SYSTEM }, { detector: "dormant-identity", now: NOW });
    const [f] = await q<{ status: string; status_reason: string }>(`SELECT status, status_reason FROM findings WHERE detector = 'dormant-identity' AND identity_id = $1`, [admin.id]);
    expect(f.status).toBe("resolved");
    expect(f.status_reason).toBe("the condition no longer holds");
    await q(`UPDATE identities SET provider = $2 WHERE id = $1`, [admin.id, admin.provider]);
    await runDetectors({ actor: SYSTEM }, { detector: "dormant-identity", now: NOW });
    const [again] = await q<{ status: string; reopened_count: number }>(`SELECT status, reopened_count FROM findings WHERE detector = 'dormant-identity' AND identity_id = $1`, [admin.id]);
    expect(again).toEqual({ status: "open", reopened_count: 1 });
  });

  it("keeps one finding per key: a second run updates instead of duplicating", async () => {
    const before = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM findings`))[0].n;
    await runDetectors({ actor: SYSTEM }, { now: NOW });
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM findings`))[0].n).toBe(before);
  });
});

describe("the lifecycle", () => {
  const admin = userActor("admin");
  let id: string;
  beforeAll(async () => {
    id = (await q<{ id: string }>(`SELECT f.id FROM findings f JOIN identities i ON i.id = f.identity_id WHERE i.name = $1 AND f.detector = 'ownerless'`, [STORIES.ownerlessKey.name]))[0].id;
  });

  it("acknowledges, assigns, comments, suppresses with expiry, reopens on expiry and resolves, each audited", async () => {
    await acknowledgeFinding({ actor: admin }, { id });
    await assignFinding({ actor: admin }, { id, email: "admin1@example.com" }).catch(async () => {
      await q(`INSERT INTO users (email, name, role) VALUES ('admin1@example.com', 'Admin One', 'admin')`);
      await assignFinding({ actor: admin }, { id, email: "admin1@example.com" });
    });
    await commentFinding({ actor: admin }, { id, body: "owner left; asking partnerships" });
    await suppressFinding({ actor: admin }, { id, reason: "partner migration until December", until: new Date(NOW.getTime() + 7 * 86_400_000), now: NOW });
    expect((await q<{ status: string }>(`SELECT status FROM findings WHERE id = $1`, [id]))[0].status).toBe("suppressed");
    await expireSuppressions({ actor: SYSTEM }, { now: new Date(NOW.getTime() + 8 * 86_400_000) });
    expect((await q<{ status: string }>(`SELECT status FROM findings WHERE id = $1`, [id]))[0].status).toBe("open");
    await resolveFinding({ actor: admin }, { id, resolution: "fixed", note: "owner assigned" });
    const audit = await q<{ action: string }>(`SELECT action FROM warden_audit_log WHERE target_type = 'finding' AND target_id = $1 ORDER BY seq`, [id]);
    expect(audit.map((a) => a.action)).toEqual(["finding.raise", "finding.acknowledge", "finding.assign", "finding.comment", "finding.suppress", "finding.suppression_expired", "finding.resolve"]);
  });

  it("reopens a resolved finding when the detector raises it again", async () => {
    await runDetectors({ actor: SYSTEM }, { detector: "ownerless", now: NOW });
    const [f] = await q<{ status: string; status_reason: string }>(`SELECT status, status_reason FROM findings WHERE id = $1`, [id]);
    expect(f).toEqual({ status: "open", status_reason: "recurred after it was resolved" });
  });

  it("refuses the moves a state does not allow, and a suppression without expiry in the future", async () => {
    await expect(reopenFinding({ actor: admin }, { id })).rejects.toMatchObject({ code: "conflict" });
    await expect(suppressFinding({ actor: admin }, { id, reason: "x y z", until: new Date(NOW.getTime() - 1000), now: NOW })).rejects.toMatchObject({ field: "until" });
  });

  it("refuses a role that may not do this", async () => {
    for (const role of ["viewer", "auditor"] as const) {
      const actor = userActor(role);
      await expect(acknowledgeFinding({ actor }, { id })).rejects.toMatchObject({ code: "forbidden" });
      await expect(resolveFinding({ actor }, { id, resolution: "fixed" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(suppressFinding({ actor }, { id, reason: "abc", until: new Date(Date.now() + 86_400_000) })).rejects.toMatchObject({ code: "forbidden" });
      await expect(assignFinding({ actor }, { id, email: "" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(commentFinding({ actor }, { id, body: "x" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(reopenFinding({ actor }, { id })).rejects.toMatchObject({ code: "forbidden" });
    }
    for (const actor of [userActor("viewer"), userActor("reviewer"), userActor("auditor")]) {
      await expect(runDetectors({ actor }, {})).rejects.toMatchObject({ code: "forbidden" });
      await expect(updateDetectorSettings({ actor }, { detector: "ownerless", enabled: false })).rejects.toMatchObject({ code: "forbidden" });
      await expect(addFindingToReview({ actor }, { id, campaignId: id })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(acknowledgeFinding({ actor: userActor("reviewer") }, { id })).resolves.toBeTruthy();
  });

  it("adds a finding's unused grants to a review campaign", async () => {
    const [ci] = await q<{ id: string; n: number }>(`
      SELECT f.id, jsonb_array_length(f.detail->'facts'->'unusedGrantIds')::int AS n FROM findings f JOIN identities i ON i.id = f.identity_id
       WHERE i.name = $1 AND f.detector = 'unused-grants'`, [STORIES.unusedCiToken.name]);
    const [c] = await q<{ id: string }>(`INSERT INTO review_campaigns (name, status, non_response_policy, created_by, due_at)
      VALUES ('Q4 NHI review', 'active', 'keep', gen_random_uuid(), now() + interval '14 days') RETURNING id`);
    const r = await addFindingToReview({ actor: admin }, { id: ci.id, campaignId: c.id });
    expect(r.added).toBe(ci.n);
    expect((await addFindingToReview({ actor: admin }, { id: ci.id, campaignId: c.id })).added).toBe(0);
  });

  it("validates detector parameters and names the one at fault", async () => {
    await expect(updateDetectorSettings({ actor: admin }, { detector: "dormant-identity", enabled: true, params: { days: -3 } })).rejects.toMatchObject({ field: "params.days" });
  });

  it("hands a SIEM every change once through the change cursor", async () => {
    const first = await findingsFeed({ actor: userActor("viewer") }, { limit: 1000 });
    expect(first.findings.length).toBeGreaterThan(10);
    const quiet = await findingsFeed({ actor: userActor("viewer") }, { after: first.next!, limit: 1000 });
    expect(quiet.findings).toEqual([]);
    await commentFinding({ actor: admin }, { id, body: "picked up by the SIEM test" });
    const changed = await findingsFeed({ actor: userActor("viewer") }, { after: first.next!, limit: 1000 });
    expect(changed.findings.map((f) => f.id)).toEqual([id]);
  });
});
