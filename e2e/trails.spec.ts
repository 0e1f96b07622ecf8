// The event explorer on the demo estate: filters through the form show exactly the database's
// rows (across keyset pages), a CSV download of the filter has the same rows, and the page is
// accessible.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { STORIES } from "../prisma/seed";
import { sql } from "./db";
import { shot, signIn } from "./helpers";

const PROBER = STORIES.probingIntegration;

/** A minute-aligned window the form round-trips unchanged (datetime-local has minute precision). */
function lastDays(days: number): { from: string; to: string } {
  const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);
  const from = new Date(to.getTime() - days * 86_400_000);
  const minute = (d: Date) => d.toISOString().slice(0, 16);
  return { from: minute(from), to: minute(to) };
}

/** Event IDs of every row, following "Older" until the last page. */
async function collectEventIds(page: Page): Promise<string[]> {
  const ids: string[] = [];
  for (let guard = 0; guard < 50; guard++) {
    const cells = page.getByRole("table").locator("tbody tr td:last-child");
    await expect(cells.first()).toBeVisible();
    ids.push(...(await cells.allInnerTexts()).map((s) => s.trim()));
    const older = page.getByRole("navigation", { name: "Event pages" }).getByRole("link", { name: /older/i });
    if ((await older.count()) === 0) return ids;
    const url = page.url();
    await older.click();
    await expect(page).not.toHaveURL(url);
  }
  throw new Error("too many pages");
}

test("filters by identity and decision through the form, matching the database row for row", async ({ page }) => {
  await signIn(page, "admin");
  const w = lastDays(7);
  await page.goto(`/trails?from=${w.from}&to=${w.to}&cols=time,identity,action,decision,eventId`);
  await expect(page.getByRole("heading", { level: 1, name: "Trails" })).toBeVisible();

  await page.getByRole("searchbox", { name: "Identity" }).fill(PROBER.name);
  await page.getByRole("combobox", { name: "Decision" }).selectOption("deny");
  await expect(page).toHaveURL(/decision=deny/);
  await expect(page).toHaveURL(/identity=oauth-zendesk-ticket-sync/);

  const rows = await sql<{ event_id: string }>(
    `SELECT e.event_id FROM audit_events e JOIN identities i ON i.id = e.identity_id
      WHERE i.name = $1 AND e.decision = 'deny' AND e.occurred_at >= $2 AND e.occurred_at < $3
      ORDER BY e.occurred_at DESC, e.id DESC`,
    [PROBER.name, `${w.from}:00Z`, `${w.to}:00Z`],
  );
  expect(rows.length).toBeGreaterThan(PROBER.burstDenials - 1); // the probing burst is in the window
  const shown = await collectEventIds(page);
  expect(shown).toEqual(rows.map((r) => r.event_id));
  // Every row names the identity and links to its page.
  await expect(page.getByRole("table").getByRole("link", { name: PROBER.name }).first()).toHaveAttribute("href", /^\/identities\/[0-9a-f-]{36}$/);
});

test("downloads exactly the filtered set as CSV and NDJSON", async ({ page }) => {
  await signIn(page, "admin");
  const w = lastDays(30);
  await page.goto(`/trails?from=${w.from}&to=${w.to}&decision=deny&kind=oauth_app`);
  const [{ n }] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events e JOIN identities i ON i.id = e.identity_id
      WHERE i.kind = 'oauth_app' AND e.decision = 'deny' AND e.occurred_at >= $1 AND e.occurred_at < $2`,
    [`${w.from}:00Z`, `${w.to}:00Z`],
  );
  expect(n).toBeGreaterThan(50); // more than one page: the download is not just the visible rows

  const csv = page.waitForEvent("download");
  await page.getByRole("link", { name: /download csv/i }).click();
  const csvLines = readFileSync(await (await csv).path(), "utf8").trimEnd().split("\r\n");
  expect(csvLines[0]).toMatch(/^id,occurred_at,/);
  expect(csvLines.length - 1).toBe(n);

  const nd = page.waitForEvent("download");
  await page.getByRole("link", { name: /download ndjson/i }).click();
  const objs = readFileSync(await (await nd).path(), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
  expect(objs).toHaveLength(n);
  expect(objs.every((o) => o.decision === "deny" && o.identityKind === "oauth_app")).toBe(true);

  const audit = await sql<{ n: number }>("SELECT count(*)::int AS n FROM warden_audit_log WHERE action = 'events.export'");
  expect(audit[0].n).toBeGreaterThanOrEqual(2);
});

test("says so when nothing matches, and suggests the next step", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/trails?identity=no-such-identity");
  await expect(page.getByText("No identity is named or has the external ID “no-such-identity”")).toBeVisible();
  await page.goto("/trails?action=nothing:matches&range=1h");
  await expect(page.getByText(/No events match these filters in the last hour/)).toBeVisible();
  await expect(page.getByRole("link", { name: "last 30 days" })).toBeVisible();
});

test("chooses columns into the URL, screenshot and accessibility", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/trails");
  await expect(page.getByRole("table")).toBeVisible();
  await page.getByText(/^Columns/).click();
  await page.getByRole("checkbox", { name: "Reason" }).check();
  await expect(page).toHaveURL(/cols=[^&]*reason/);
  await expect(page.getByRole("columnheader", { name: "Reason" })).toBeVisible();
  await page.getByText(/^Columns/).click();
  // A row opens to its full event in place.
  const first = page.getByRole("button", { name: /^Full event/ }).first();
  await first.click();
  await expect(first).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText("Context", { exact: true })).toBeVisible();
  await shot(page, "trails");
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});
