// Shared plumbing for Warden's command-line entry points: one clear line on failure, no stack
// trace dump for the errors a person can fix (set WARDEN_DEBUG=1 to see the stack).
import { EnvError } from "../../lib/env";
import { DatabaseUnavailableError } from "../../lib/db/runtime";
import { MigrationError } from "../../lib/db/migrate";
import { WardenError } from "../../lib/core/errors";

export class UsageError extends Error {}

// WardenError: a domain refusal (not found, conflict, invalid input) says what to fix.
const KNOWN = [EnvError, DatabaseUnavailableError, MigrationError, UsageError, WardenError];

export function fail(e: unknown): never {
  const err = e instanceof Error ? e : new Error(String(e));
  const known = KNOWN.some((k) => err instanceof k);
  console.error(`warden: ${known ? err.message : `unexpected error: ${err.message}`}`);
  if (process.env.WARDEN_DEBUG) console.error(err.stack);
  process.exit(1);
}

export async function run(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (e) {
    fail(e);
  }
}
