// Fixed coordinates of the end-to-end environment, shared by the server and the specs.
import os from "node:os";
import path from "node:path";

export const E2E = {
  /** Written by e2e/server.ts: secrets the specs need (a fresh ingest key). */
  stateFile: path.join(os.tmpdir(), `warden-e2e-state-${process.env.WARDEN_E2E_PORT ?? 3100}.json`),
  port: Number(process.env.WARDEN_E2E_PORT ?? 3100),
  pgPort: Number(process.env.WARDEN_E2E_PG_PORT ?? 54339),
  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  },
  get databaseUrl() {
    return `postgresql://warden:warden-local@127.0.0.1:${this.pgPort}/warden`;
  },
  users: {
    admin: { email: "admin@e2e.test", password: "admin-password-e2e", role: "admin" },
    viewer: { email: "viewer@e2e.test", password: "viewer-password-e2e", role: "viewer" },
    reviewer: { email: "reviewer@e2e.test", password: "reviewer-password-e2e", role: "reviewer" },
    auditor: { email: "auditor@e2e.test", password: "auditor-password-e2e", role: "auditor" },
  },
  seed: { identities: 300, events: 40_000, days: 30 },
} as const;
