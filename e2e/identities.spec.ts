import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { sql } from "./db";
import { shot, signIn } from "./helpers";

const total = async (page: import("@playwright/test").Page) => {
  const text = await page.getByText(/^Showing/).first().innerText();
  const m = /of\s+([\d,]+)/.exec(text);
  return Number(m?.[1].replace(/,/g, ""));
};

test("filters the identities table by kind and status, matching the database", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/identities");
  const [{ n: all }] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM identities");
  expect(await total(page)).toBe(all);

  await page.getByLabel("Kind").selectOption("api_key");
  await expect(page).toHaveURL(/kind=api_key/);
  const [{ n: keys }] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM identities WHERE kind = 'api_key'");
  await expect.poll(() => total(page)).toBe(keys);

  await page.getByLabel("Status").selectOption("active");
  await expect(page).toHaveURL(/status=active/);
  const [{ n: activeKeys }] = await sql<{ n: number }>(
    "SELECT count(*)::int AS n FROM identities WHERE kind = 'api_key' AND status = 'active'");
  await expect.poll(() => total(page)).toBe(activeKeys);
  await shot(page, "identities-filtered");

  // The link keeps the filters: reloading it shows the same view.
  await page.reload();
  await expect.poll(() => total(page)).toBe(activeKeys);
});

test("lists ownerless identities and downloads exactly the filtered set as CSV", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/identities?owner=none");
  const [{ n }] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM identities WHERE owner_id IS NULL");
  expect(n).toBeGreaterThan(0);
  await expect.poll(() => total(page)).toBe(n);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /csv/i }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, "utf8").trim().split(/\r?\n/);
  expect(lines.length - 1).toBe(n);
});
