// Opens Warden's database for a CLI command and binds lib/'s shared handles to it.
import os from "node:os";
import type { Actor } from "../../lib/auth/roles";
import { bindDbHandles, createPool, createPrisma } from "../../lib/db/client";
import { openDatabase } from "../../lib/db/runtime";

/** CLI operators act as the system, named after the OS account, in Warden's audit log. */
export const cliActor = (): Actor => ({ kind: "system", name: `cli:${os.userInfo().username}` });

export async function withDatabase<T>(fn: () => Promise<T>, log?: (m: string) => void): Promise<T> {
  const database = await openDatabase({ log });
  const pool = createPool(database.url, 4);
  const prisma = createPrisma(pool);
  bindDbHandles({ pool, prisma });
  try {
    return await fn();
  } finally {
    await prisma.$disconnect();
    await pool.end();
    await database.close();
  }
}
