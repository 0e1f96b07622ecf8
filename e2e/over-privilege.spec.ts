// The over-privilege heatmap on the demo estate: the dormant admin's grants show as granted and
// unused, the least-privilege figure matches the database, a cell opens the identity page with
// the scope, the grid works from the keyboard, and the page is accessible.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { STORIES } from "../prisma/seed";
import { sql } from "./db";
import { shot, signIn } from "./helpers";

const DORMANT = STORIES.dormantAdmin;

async function dormantAdminScope() {
  const [row] = await sql<{ id: string; scope: string }>(
    `SELECT i.id, s.name AS scope FROM grants g JOIN scopes s ON s.id = g.scope_id JOIN identities i ON i.id = g.identity_id
      WHERE i.external_id = $1 AND g.revoked_at IS NULL AND s.risk_class = 'admin' ORDER BY s.name LIMIT 1`,
    [DORMANT.externalId],
  );
  return row;
}

test("the dormant admin shows as granted-unused on the heatmap", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/over-privilege");
  const { scope } = await dormantAdminScope();
  const cell = page.getByRole("grid").getByRole("link", { name: `${DORMANT.name} · ${scope}: granted, unused for 30 days`, exact: true });
  await expect(cell).toHaveCount(1);
  // Every one of its grants is unused, so its score is 100.
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(DORMANT.name) }) });
  await expect(row.getByRole("rowheader")).toContainText("100");

  // The least-privilege figure, independently from grants and raw events. The window is whole
  // UTC days: today and the 29 before it, up to the end of the current hour.
  const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000);
  const from = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 29 * 86_400_000);
  const [lp] = await sql<{ with_grants: number; compliant: number }>(
    `WITH live AS (
       SELECT DISTINCT g.identity_id, s.name FROM grants g JOIN scopes s ON s.id = g.scope_id
        WHERE g.revoked_at IS NULL AND g.granted_at <= now() AND (g.expires_at IS NULL OR g.expires_at > now())),
     used AS (
       SELECT DISTINCT identity_id, scope FROM audit_events
        WHERE occurred_at >= $1 AND occurred_at < $2 AND decision <> 'deny' AND scope IS NOT NULL)
     SELECT count(DISTINCT l.identity_id)::int AS with_grants,
            (count(DISTINCT l.identity_id) - count(DISTINCT l.identity_id) FILTER (WHERE u.scope IS NULL))::int AS compliant
       FROM live l LEFT JOIN used u ON u.identity_id = l.identity_id AND u.scope = l.name`,
    [from, to],
  );
  const hero = page.getByRole("region", { name: "Least privilege" });
  await expect(hero).toContainText(`${Math.round((lp.compliant / lp.with_grants) * 100)}%`);
  await expect(hero).toContainText(`(${lp.compliant} of ${lp.with_grants})`);
  await shot(page, "over-privilege");
});

test("a heatmap cell click lands on /identities/<id>?scope=…", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/over-privilege");
  const { id, scope } = await dormantAdminScope();
  await page.getByRole("grid").getByRole("link", { name: `${DORMANT.name} · ${scope}: granted, unused for 30 days` }).click();
  await page.waitForURL((u) => u.pathname === `/identities/${id}`);
  expect(new URL(page.url()).searchParams.get("scope")).toBe(scope);
});

test("the grid is one tab stop and arrow keys move between cells", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto(`/over-privilege?q=${encodeURIComponent(DORMANT.name)}`);
  const grid = page.getByRole("grid");
  await expect(grid.getByRole("rowheader")).toHaveCount(1);
  const name = grid.getByRole("rowheader").getByRole("link", { name: DORMANT.name });
  await name.focus();
  await page.keyboard.press("ArrowRight");
  const label = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
  expect(label).toMatch(new RegExp(`^${DORMANT.name} · .+: (granted|not granted)`));
  await page.keyboard.press("End");
  await page.keyboard.press("Home");
  await expect(name).toBeFocused();
  // Only one element inside the grid is in the tab order.
  expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
  // Enter on a cell opens the identity page for that scope.
  const { id } = await dormantAdminScope();
  await page.keyboard.press("ArrowRight");
  const scope = (await page.evaluate(() => document.activeElement?.getAttribute("aria-label")))!.split(" · ")[1].split(":").slice(0, -1).join(":");
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === `/identities/${id}`);
  expect(new URL(page.url()).searchParams.get("scope")).toBe(scope);
});

test("search, grouping and row count live in the URL", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/over-privilege");
  await page.getByLabel("Search identities").fill("legacy-billing");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/over-privilege\?q=legacy-billing$/);
  await expect(page.getByRole("grid").getByRole("rowheader")).toHaveCount(1);
  await page.goto("/over-privilege?group=kind&n=25");
  // The grid is virtualised (only rows near the viewport are in the DOM, and with eight kind
  // headings not all 25 fit), so count rows the way assistive technology does, then scroll to the
  // end: the 25th row is there and no 26th.
  const grid = page.getByRole("grid");
  await expect(grid).toHaveAttribute("aria-rowcount", String(25 + 2));
  await page.getByRole("region", { name: /Heatmap, scrolls/ }).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(grid.locator('tbody tr[data-row-index="24"]')).toBeVisible();
  await expect(grid.locator('tbody tr[data-row-index="25"]')).toHaveCount(0);
  await page.getByRole("region", { name: /Heatmap, scrolls/ }).evaluate((el) => el.scrollTo(0, 0));
  await expect(page.getByRole("grid").getByRole("rowheader", { name: /Service account · \d+ shown/ })).toBeVisible();
  await expect(page.getByLabel("Group rows by")).toHaveValue("kind");
});

test("the over-privilege page has no serious accessibility violations", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/over-privilege");
  await expect(page.getByRole("grid")).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
});
