import { expect, test } from "@playwright/test";
import { E2E } from "./config";
import { shot, signIn } from "./helpers";

test("an anonymous visitor is sent to sign in, and back to where they were going", async ({ page }) => {
  await page.goto("/identities?kind=api_key");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await shot(page, "login");
  await page.getByLabel("Email").fill(E2E.users.viewer.email);
  await page.getByLabel("Password").fill(E2E.users.viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/identities\?kind=api_key/);
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E.users.admin.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("signing in lands on the Overview with true counts", async ({ page }) => {
  await signIn(page, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await shot(page, "overview");
  await page.getByRole("button", { name: /sign out/i }).click();
  await expect(page).toHaveURL(/\/login/);
});
