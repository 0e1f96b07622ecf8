// Starts one throwaway embedded PostgreSQL for the integration suites (or uses
// WARDEN_TEST_DATABASE_URL's server); each suite then creates its own database on it.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbedded } from "../db/embedded";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.WARDEN_TEST_DATABASE_URL;
  if (external) {
    project.provide("pgAdminUrl", external);
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "warden-test-pg-"));
  await chmod(dir, 0o755); // the postgres user must reach its data directory
  const server = await startEmbedded({ dir: path.join(dir, "data"), durable: false });
  project.provide("pgAdminUrl", server.url("postgres"));
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
