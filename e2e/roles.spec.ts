import { expect, test } from "@playwright/test";
import { sql } from "./db";
import { shot, signIn } from "./helpers";

test("a viewer cannot reach admin-only Settings or its actions", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("navigation").getByRole("link", { name: "Settings" })).toHaveCount(0);
  await page.goto("/settings");
  await expect(page.getByRole("alert").filter({ hasText: "cannot open" })).toContainText("Your role (viewer) cannot open Settings");
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await shot(page, "settings-viewer");
});

test("an admin creates an ingest key shown once, stored hashed and audited, then revokes it", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("navigation").getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await page.getByLabel("Name").fill("e2e-ui-key");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-ingest-key").innerText()).trim();
  expect(key).toMatch(/^wdn_/);
  await shot(page, "settings-admin");
  const rows = await sql<{ key_hash: string; audited: number }>(
    `SELECT k.key_hash, (SELECT count(*)::int FROM warden_audit_log a WHERE a.action = 'ingest_key.create' AND a.target_id = k.id::text) AS audited
       FROM ingest_keys k WHERE k.name = 'e2e-ui-key'`);
  expect(rows).toHaveLength(1);
  expect(rows[0].key_hash).not.toContain(key);
  expect(rows[0].audited).toBe(1);
  await page.reload();
  await expect(page.getByTestId("new-ingest-key")).toHaveCount(0);
  page.once("dialog", (d) => void d.accept()); // the confirmation names the key
  await page.getByRole("button", { name: "Revoke ingest key e2e-ui-key" }).click();
  await expect(page.getByText(/revoked/).first()).toBeVisible();
  await expect(page.getByText("Chain verified")).toBeVisible();
});
