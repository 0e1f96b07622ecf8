// Findings in a real browser: a viewer reads the queue and a finding's working; an admin
// acknowledges, assigns, suppresses with an expiry and resolves; the state survives a restart of
// the web server.
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./config";
import { e2eState, sql } from "./db";
import { shot, signIn } from "./helpers";

async function openStoryFinding(page: Page, detector: string, identity: string) {
  const [f] = await sql<{ id: string; title: string }>(
    `SELECT f.id, f.title FROM findings f JOIN identities i ON i.id = f.identity_id WHERE f.detector = $1 AND i.name = $2`, [detector, identity]);
  await page.goto(`/findings/${f.id}`);
  await expect(page.getByRole("heading", { level: 1, name: f.title })).toBeVisible();
  return f;
}

async function waitRestart(page: Page) {
  const health = `${E2E.baseUrl}/api/health`;
  const up = async () => (await page.request.get(health, { timeout: 2000 }).then((r) => r.ok()).catch(() => false));
  process.kill(e2eState().serverPid, "SIGUSR2");
  await expect.poll(up, { timeout: 30_000, intervals: [200] }).toBe(false);
  await expect.poll(up, { timeout: 60_000, intervals: [500] }).toBe(true);
}

test("a viewer sees the queue, the counts and a finding's working, but no lifecycle actions", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/findings");
  await expect(page.getByRole("heading", { level: 1, name: "Findings" })).toBeVisible();
  const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM findings WHERE status IN ('open', 'acknowledged')`);
  await expect(page.getByText(`of ${n.toLocaleString("en-US")}`)).toBeVisible();
  await expect(page.getByRole("link", { name: /probing, 136 denials/ })).toBeVisible();
  await shot(page, "findings-queue");
  // Filters live in the URL.
  await page.getByRole("combobox", { name: "Detector" }).selectOption("denial-burst");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/detector=denial-burst/);
  await expect(page.getByRole("link", { name: /probing, 136 denials/ })).toBeVisible();
  await openStoryFinding(page, "new-source", "apikey-finance-reporting");
  await expect(page.getByText("Data coverage")).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the events in Trails" })).toHaveAttribute("href", /\/trails\?.*identity=apikey/);
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await shot(page, "finding-viewer");
});

test("an admin acknowledges, assigns, suppresses with an expiry and resolves; it survives a restart", async ({ page }) => {
  await signIn(page, "admin");
  const f = await openStoryFinding(page, "shared-credential", "svc-analytics-reader");
  await page.getByRole("button", { name: "Acknowledge" }).click();
  // The form goes once the finding is acknowledged; the status says so.
  await expect(page.getByRole("definition").filter({ hasText: /^Acknowledged/ })).toBeVisible();
  await page.getByLabel("Assign to").selectOption({ label: "E2E reviewer (reviewer)" });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText("Assigned to reviewer@e2e.test.")).toBeVisible();
  const until = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Reason (required)").fill("Analytics split their workloads next sprint (DATA-311)");
  await page.getByLabel("Until (UTC, up to a year)").fill(until);
  await page.getByRole("button", { name: "Suppress" }).click();
  await expect(page.getByText(`Suppressed until ${until}.`)).toBeVisible();
  await page.reload();
  await expect(page.getByText(`Suppressed until ${until}`).first()).toBeVisible();
  await shot(page, "finding-suppressed");

  await waitRestart(page);
  await page.goto(`/findings/${f.id}`);
  await expect(page.getByText(`Suppressed until ${until}`).first()).toBeVisible();
  await expect(page.getByText("E2E reviewer reviewer@e2e.test")).toBeVisible();

  await page.getByLabel("Resolution").selectOption("fixed");
  await page.getByLabel("Note").fill("one key per workload now");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("definition").filter({ hasText: /^Resolved · fixed: one key per workload now/ })).toBeVisible();
  const rows = await sql<{ action: string }>(`SELECT action FROM warden_audit_log WHERE target_type = 'finding' AND target_id = $1 ORDER BY seq`, [f.id]);
  expect(rows.map((r) => r.action)).toEqual(["finding.raise", "finding.acknowledge", "finding.assign", "finding.suppress", "finding.resolve"]);
  await shot(page, "finding-resolved");
});

test("the identity page lists its open findings and the overview counts high and critical ones", async ({ page }) => {
  await signIn(page, "viewer");
  const [id] = await sql<{ id: string }>(`SELECT id FROM identities WHERE name = 'svc-ops-console'`);
  await page.goto(`/identities/${id.id}`);
  await expect(page.getByRole("heading", { name: "Open findings" })).toBeVisible();
  await expect(page.getByRole("link", { name: /acted through svc-ops-console/ }).first()).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("link", { name: /High or critical/ })).toHaveAttribute("href", "/findings?minSeverity=high");
});
