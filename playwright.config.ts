import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import { E2E } from "./e2e/config";

// Debian's Chromium when present (machines without browser downloads), Playwright's own otherwise.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

const browser = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1280, height: 800 },
  launchOptions: {
    executablePath: systemChromium,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  },
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E.baseUrl,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      testIgnore: [/.*\.api\.spec\.ts/, /.*\.estate\.spec\.ts/],
      use: browser,
    },
    {
      // Specs that change the shared estate (an inventory import) run after every other browser spec.
      name: "chromium-estate",
      dependencies: ["chromium"],
      testMatch: /.*\.estate\.spec\.ts/,
      use: browser,
    },
    { name: "api", testMatch: /.*\.api\.spec\.ts/ },
  ],
  webServer: {
    command: "npx tsx e2e/server.ts",
    url: `${E2E.baseUrl}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
