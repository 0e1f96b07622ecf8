// Inventory import in a real browser: an admin uploads a kubectl RBAC export, reviews the dry-run
// diff (nothing written yet), applies it and finds the new identities in the inventory; a
// malformed file is refused with the file, the place and the reason; a viewer can neither open
// the page nor call the API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { sql } from "./db";
import { shot, signIn } from "./helpers";

const FIXTURES = path.resolve("lib/inventory/import/fixtures");
const RBAC = path.join(FIXTURES, "kubectl-rbac-prod-eu-1.json");

test("an admin previews a Kubernetes export, applies it and finds its identities in the inventory", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/identities");
  await page.getByRole("link", { name: "Import inventory" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import inventory" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Import" })).toHaveAttribute("aria-current", "page");

  await page.getByRole("radio", { name: /Kubernetes RBAC/ }).check();
  await expect(page.getByText("kubectl get serviceaccounts,roles,clusterroles,rolebindings,clusterrolebindings -A -o json > rbac.json")).toBeVisible();
  await page.getByLabel(/Exported files/).setInputFiles(RBAC);
  await page.getByLabel(/Cluster name/).fill("e2e-cluster");
  await page.getByRole("button", { name: "Preview changes" }).click();

  const review = page.getByRole("region", { name: /Review the changes/ });
  await expect(review).toBeVisible();
  const accounts = (JSON.parse(readFileSync(RBAC, "utf8")) as { items: { kind: string }[] }).items.filter((i) => i.kind === "ServiceAccount").length;
  await expect(review.getByRole("group", { name: "Changes by record kind" }).locator("dd").first()).toHaveText(`+${accounts}`);
  await expect(review.locator("summary", { hasText: "Identities added" })).toContainText(String(accounts));
  await expect(review.getByRole("cell", { name: "system:serviceaccount:payments:payments-api" })).toBeVisible();
  // A dry run writes nothing.
  expect(await sql("SELECT 1 FROM identities WHERE import_scope LIKE 'kubernetes:e2e-cluster/%'")).toHaveLength(0);
  expect(await sql("SELECT 1 FROM inventory_imports")).toHaveLength(0);
  await shot(page, "import-dry-run");

  await review.getByRole("button", { name: "Apply import" }).click();
  const applied = page.getByRole("region", { name: "Import applied" });
  await expect(applied).toBeVisible({ timeout: 30_000 });
  const [rec] = await sql<{ id: string; source: string; actor_label: string; audited: number }>(
    `SELECT m.id, m.source, m.actor_label,
            (SELECT count(*)::int FROM warden_audit_log a WHERE a.action = 'inventory.import' AND a.target_id = m.id::text) AS audited
       FROM inventory_imports m`);
  expect(rec).toMatchObject({ source: "kubernetes", actor_label: "admin@e2e.test", audited: 1 });
  const [{ n: imported }] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM identities WHERE created_import_id = $1", [rec.id]);
  expect(imported).toBe(accounts);
  const history = page.getByRole("table", { name: /The last 1 imports/ });
  await expect(history).toContainText("kubectl-rbac-prod-eu-1.json");
  await expect(history.getByRole("link", { name: `${imported} identities` })).toBeVisible();
  await shot(page, "import-applied");

  await applied.getByRole("link", { name: "View the identities of this import" }).click();
  await expect(page).toHaveURL(new RegExp(`/identities\\?import=${rec.id}`));
  await expect(page.getByText("Showing the identities one inventory import created or last changed.")).toBeVisible();
  await expect(page.getByText(/^Showing/).filter({ hasText: `of ${imported}` }).first()).toBeVisible();
  await page.getByRole("link", { name: "payments/payments-api" }).click();
  const provenance = page.getByRole("region", { name: "Provenance" });
  await expect(provenance).toContainText("kubernetes import (full)");
  await expect(provenance).toContainText("kubectl-rbac-prod-eu-1.json");
  await expect(provenance).toContainText("assumes AWS role");
  await shot(page, "import-identity-provenance");
});

test("a malformed file is refused with the file, the place in it and the reason; nothing is written", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/import");
  await page.getByLabel(/Exported files/).setInputFiles({ name: "authorization-details.json", mimeType: "application/json", buffer: Buffer.from('{"RoleDetailList": [{"RoleName": "x", "Arn": 42}]}') });
  await page.getByRole("button", { name: "Preview changes" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Nothing was imported" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("authorization-details.json");
  await expect(alert).toContainText("$.RoleDetailList[0].Arn");
  await shot(page, "import-refused");
});

test("a viewer can neither open the Import page nor use the import API", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Import" })).toHaveCount(0);
  await page.goto("/identities");
  await expect(page.getByRole("link", { name: "Import inventory" })).toHaveCount(0);
  await page.goto("/import");
  await expect(page.getByRole("alert").filter({ hasText: "cannot open" })).toContainText("Your role (viewer) cannot open Import");
  await expect(page.getByRole("button", { name: "Preview changes" })).toHaveCount(0);
  const before = await sql("SELECT id FROM inventory_imports");
  const res = await page.request.post("/api/v1/inventory/import?source=kubernetes&cluster=viewer", {
    multipart: { file: { name: "rbac.json", mimeType: "application/json", buffer: Buffer.from('{"kind":"List","items":[]}') } },
  });
  expect(res.status()).toBe(403);
  expect(await res.json()).toMatchObject({ code: "forbidden" });
  expect((await page.request.get("/import/template/identities.csv")).status()).toBe(403);
  expect(await sql("SELECT id FROM inventory_imports")).toEqual(before);
  await shot(page, "import-viewer");
});

test("after an AWS import the heatmap and an admin role's page stay readable (columns and rows capped)", async ({ page }) => {
  await signIn(page, "admin");
  const file = path.resolve("../shared/samples/inventory/aws-iam-authorization-details/cloudsplaining-example.json");
  const res = await page.request.post("/api/v1/inventory/import?source=aws", {
    multipart: { file: { name: "authorization-details.json", mimeType: "application/json", buffer: readFileSync(file) } },
    timeout: 120_000,
  });
  expect(res.status()).toBe(200);
  const outcome = (await res.json()) as { importId: string; diff: { grants: { added: number } } };
  expect(outcome.diff.grants.added).toBeGreaterThan(200_000);

  await page.goto("/over-privilege?q=OrganizationAccountAccessRole");
  await expect(page.getByText(/more unused, lower-risk scopes not drawn/)).toBeVisible();
  await shot(page, "import-aws-heatmap");

  const [role] = await sql<{ id: string; n: number }>(
    `SELECT i.id, (SELECT count(*)::int FROM grants g WHERE g.identity_id = i.id AND g.revoked_at IS NULL) AS n
       FROM identities i WHERE i.external_id = 'arn:aws:iam::200611803367:role/OrganizationAccountAccessRole'`);
  await page.goto(`/identities/${role.id}`);
  await expect(page.getByText(`${role.n.toLocaleString("en-US")} live grants`)).toBeVisible();
  await expect(page.getByText(/Showing 100 of [\d,]+: the CSV has every grant/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Provenance" })).toContainText("aws import (full)");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download CSV of all/ }).click();
  const lines = readFileSync(await (await download).path(), "utf8").trim().split(/\r?\n/);
  expect(lines.length - 1).toBe(role.n);
  await shot(page, "import-aws-role");
});
