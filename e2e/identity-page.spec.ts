// The identity page on the demo estate: reached from the inventory, the replayed key shows its new
// IP and user agent marked new; grants with usage and the trail are there; an admin reassigns the
// owner (audited) and a viewer has no such control; the page is accessible.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { STORIES } from "../prisma/seed";
import { sql } from "./db";
import { shot, signIn } from "./helpers";

const REPLAY = STORIES.replayKey;

async function identityId(name: string): Promise<string> {
  const [row] = await sql<{ id: string }>("SELECT id FROM identities WHERE name = $1", [name]);
  return row.id;
}

test("the replayed key shows its new IP and user agent marked new", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto(`/identities?q=${REPLAY.name}`);
  await page.getByRole("link", { name: REPLAY.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: REPLAY.name })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/identities/${await identityId(REPLAY.name)}$`));

  const ips = page.getByRole("table", { name: /source ips/i });
  await expect(ips.getByRole("row", { name: new RegExp(REPLAY.replayIp.replace(/\./g, "\\.")) })).toContainText("New");
  await expect(ips.getByRole("row", { name: new RegExp(REPLAY.usualIp.replace(/\./g, "\\.")) })).not.toContainText("New");
  const agents = page.getByRole("table", { name: /user agents/i });
  await expect(agents.getByRole("row", { name: new RegExp(REPLAY.replayUserAgent.replace(/\./g, "\\.")) })).toContainText("New");
  await expect(agents.getByRole("row", { name: /acme-reporting-client/ })).not.toContainText("New");

  // The trail shows the night-time calls from the new address, marked too.
  const trail = page.getByRole("region", { name: /^Trail/ });
  await expect(trail.getByText(REPLAY.replayIp).first()).toBeVisible();

  // Grants with usage: every granted scope is listed with its uses from the rollups.
  const grants = await sql<{ name: string }>(
    `SELECT s.name FROM grants g JOIN scopes s ON s.id = g.scope_id JOIN identities i ON i.id = g.identity_id
      WHERE i.name = $1 AND g.revoked_at IS NULL ORDER BY s.name`,
    [REPLAY.name],
  );
  const grantTable = page.getByRole("table", { name: /uses since/i });
  for (const g of grants) await expect(grantTable.getByRole("link", { name: g.name })).toBeVisible();
  await shot(page, "identity-page");

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});

test("a step of the trail opens to the full event; the scope filter narrows the trail", async ({ page }) => {
  await signIn(page, "viewer");
  const id = await identityId(STORIES.secretExportAgent.name);
  await page.goto(`/identities/${id}?scope=${encodeURIComponent(STORIES.secretExportAgent.secretScopes[0])}&trail=30`);
  const trail = page.getByRole("region", { name: /^Trail/ });
  await expect(trail.getByText(`Only events using scope ${STORIES.secretExportAgent.secretScopes[0]}`)).toBeVisible();
  // Steps are the <details> whose summary starts with the event time (groups fold their steps too).
  const step = trail.locator("details:has(> summary time)").first();
  await step.locator("summary").click();
  await expect(step.getByText("Context", { exact: true })).toBeVisible();
  await expect(step.getByRole("definition").filter({ hasText: STORIES.secretExportAgent.secretScopes[0] }).first()).toBeVisible();
  // Every step of the filtered trail uses that scope.
  const actions = await trail.locator("details:has(> summary time) > summary").allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  for (const a of actions) expect(a).toContain(STORIES.secretExportAgent.secretScopes[0]);
});

test("an admin reassigns the owner (audited); a viewer sees no such control", async ({ page, browser }) => {
  const [target] = await sql<{ id: string; name: string; owner_id: string }>(
    `SELECT id, name, owner_id FROM identities WHERE owner_id IS NOT NULL AND name NOT LIKE 'apikey-%' ORDER BY name LIMIT 1`,
  );
  const [next] = await sql<{ id: string; team: string; person_name: string }>(
    "SELECT id, team, person_name FROM owners WHERE id <> $1 ORDER BY team, person_name LIMIT 1",
    [target.owner_id],
  );

  await signIn(page, "admin");
  await page.goto(`/identities/${target.id}`);
  await page.getByText("Reassign owner").click();
  await page.getByLabel("New owner").selectOption(next.id);
  await page.getByLabel(/Reason/).fill("e2e: team reorganisation");
  await page.getByRole("button", { name: "Reassign" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Owner changed to ${next.team}` })).toBeVisible();
  await expect(page.getByRole("region", { name: "Owner" })).toContainText(next.person_name);
  const [row] = await sql<{ owner_id: string }>("SELECT owner_id FROM identities WHERE id = $1", [target.id]);
  expect(row.owner_id).toBe(next.id);
  const audit = await sql<{ actor_label: string; detail: { to: { id: string }; reason: string } }>(
    "SELECT actor_label, detail FROM warden_audit_log WHERE action = 'identity.reassign_owner' AND target_id = $1",
    [target.id],
  );
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actor_label: "admin@e2e.test", detail: { to: { id: next.id }, reason: "e2e: team reorganisation" } });

  const viewer = await browser.newPage();
  await signIn(viewer, "viewer");
  await viewer.goto(`/identities/${target.id}`);
  await expect(viewer.getByRole("region", { name: "Owner" })).toContainText(next.team);
  await expect(viewer.getByText("Reassign owner")).toHaveCount(0);
  await viewer.close();
});

test("an unknown identity is a clear 404", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/identities/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { name: "No identity with this id" })).toBeVisible();
});
