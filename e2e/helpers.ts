import { expect, type Page } from "@playwright/test";
import { E2E } from "./config";

export type Role = keyof typeof E2E.users;

export async function signIn(page: Page, role: Role): Promise<void> {
  const u = E2E.users[role];
  await page.goto("/login");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: /sign out/i })).toBeVisible();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
