// Choices for the identities filter bar: the owners and the environments that exist.
import { assertCan, type Actor } from "../auth/roles";
import { db } from "../db/client";

export type OwnerOption = { id: string; team: string; personName: string };
export type FilterOptions = { owners: OwnerOption[]; environments: string[] };

export async function listFilterOptions(actor: Actor): Promise<FilterOptions> {
  assertCan(actor, "inventory:read");
  const [owners, environments] = await Promise.all([
    db().owner.findMany({
      select: { id: true, team: true, personName: true },
      orderBy: [{ team: "asc" }, { personName: "asc" }],
    }),
    // Loose index scan over identities_environment_idx: one index probe per distinct value
    // instead of reading every row (a handful of environments across 100k identities).
    db().$queryRaw<{ environment: string }[]>`
      WITH RECURSIVE envs AS (
        (SELECT environment FROM identities ORDER BY environment LIMIT 1)
        UNION ALL
        SELECT (SELECT i.environment FROM identities i WHERE i.environment > envs.environment
                ORDER BY i.environment LIMIT 1)
        FROM envs WHERE envs.environment IS NOT NULL
      )
      SELECT environment FROM envs WHERE environment IS NOT NULL`,
  ]);
  return { owners, environments: environments.map((e) => e.environment) };
}
