// Denial patterns on the demo estate: the probing integration's burst is a spike labelled
// probing (figures checked against the database), every view lives in the URL, drill-downs
// open the event explorer with the matching filters, and the page is accessible.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { STORIES } from "../prisma/seed";
import { sql } from "./db";
import { shot, signIn } from "./helpers";

const PROBER = STORIES.probingIntegration;

/** The prober's busiest hour of denials, straight from the raw events. */
async function burstHour() {
  const [row] = await sql<{ hour: Date; n: number; resources: number; scopes: number }>(
    `SELECT date_trunc('hour', e.occurred_at) AS hour, count(*)::int AS n,
            count(DISTINCT e.resource)::int AS resources, count(DISTINCT e.scope)::int AS scopes
       FROM audit_events e JOIN identities i ON i.id = e.identity_id
      WHERE i.external_id = $1 AND e.decision = 'deny'
      GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    [PROBER.externalId],
  );
  return row;
}

test("the probing integration shows as a denial spike labelled probing", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/denials");
  const burst = await burstHour();
  expect(burst.n).toBeGreaterThanOrEqual(100);

  const spikes = page.getByRole("region", { name: "Spikes and probing" });
  const card = spikes.getByRole("listitem").filter({ hasText: PROBER.name });
  await expect(card).toHaveCount(1);
  await expect(card.getByText("Probing", { exact: true })).toBeVisible();
  await expect(card).toContainText(`${burst.n} denials in one hour`);
  await expect(card).toContainText(`${burst.resources} resources and ${burst.scopes} scopes`);

  // The drill-down opens exactly that identity's denials in that hour.
  const from = burst.hour.toISOString();
  const to = new Date(burst.hour.getTime() + 3_600_000).toISOString();
  const expected = `/trails?decision=deny&identity=${encodeURIComponent(PROBER.externalId)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  await expect(card.getByRole("link", { name: /Open these \d+ denials in Trails/ })).toHaveAttribute("href", expected);

  // The baseline table marks it too, at the top.
  const baseline = page.getByRole("table", { name: /Denial rate per identity/ });
  const first = baseline.getByRole("row").nth(1);
  await expect(first.getByRole("rowheader")).toContainText(PROBER.name);
  await expect(first.getByText("Probing")).toBeVisible();

  // The chart marks the spike hour.
  await expect(page.getByText("Spike hour", { exact: true })).toBeVisible();
  await shot(page, "denials");
});

test("window and stacking live in the URL, and totals match the database", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/denials");
  await page.getByRole("navigation", { name: "Window" }).getByRole("link", { name: "24 hours" }).click();
  await expect(page).toHaveURL(/\/denials\?window=24h$/);
  await page.getByRole("navigation", { name: "Stack by" }).getByRole("link", { name: "Reason" }).click();
  await expect(page).toHaveURL(/\/denials\?window=24h&by=reason$/);
  await expect(page.getByRole("navigation", { name: "Stack by" }).getByRole("link", { name: "Reason" })).toHaveAttribute("aria-current", "true");

  await page.goto("/denials?window=30d");
  const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000);
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const [{ n }] = await sql<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_events WHERE decision = 'deny' AND occurred_at >= $1 AND occurred_at < $2",
    [from, to],
  );
  const kpi = page.getByRole("list", { name: "Denials in the last 30 days" }).getByRole("listitem").first();
  await expect(kpi).toContainText(`Denials${n.toLocaleString("en-US")}`);

  // A top-list row drills into the explorer with its filter.
  const scopes = page.getByRole("table", { name: /Scopes with the most denials/ });
  const link = scopes.getByRole("rowheader").first().getByRole("link");
  const scope = (await link.innerText()).trim();
  await expect(link).toHaveAttribute("href", new RegExp(`^/trails\\?decision=deny&scope=${encodeURIComponent(scope).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}&from=`));
});

test("the denials page has no serious accessibility violations", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/denials");
  await expect(page.getByRole("heading", { name: "Denials over time" })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
});
