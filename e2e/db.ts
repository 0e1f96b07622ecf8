// Direct read access to the e2e database, so specs check what the UI shows against the data.
import { readFileSync } from "node:fs";
import pg from "pg";
import { E2E } from "./config";

let pool: pg.Pool | undefined;

export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  pool ??= new pg.Pool({ connectionString: E2E.databaseUrl, max: 2, options: "-c TimeZone=UTC" });
  return (await pool.query<T>(text, values)).rows;
}

export function e2eState(): { ingestKey: string; serverPid: number } {
  return JSON.parse(readFileSync(E2E.stateFile, "utf8"));
}
