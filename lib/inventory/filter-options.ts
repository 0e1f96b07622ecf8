// Choices for the identities filter bar: the owners and the environments that exist.
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";

export type OwnerOption = { id: string; team: string; personName: string };
export type FilterOptions = { owners: OwnerOption[]; environments: string[] };

export const listFilterOptions = defineQuery({
  permission: "inventory:read",
  async run(db): Promise<FilterOptions> {
    const [owners, environments] = await Promise.all([
      db.rows<OwnerOption>(sql`SELECT id, team, person_name AS "personName" FROM owners ORDER BY team, person_name`),
      // Loose index scan over identities_environment_idx: one index probe per distinct value
      // instead of reading every row (a handful of environments across 100k identities).
      db.rows<{ environment: string }>(sql`
        WITH RECURSIVE envs AS (
          (SELECT environment FROM identities ORDER BY environment LIMIT 1)
          UNION ALL
          SELECT (SELECT i.environment FROM identities i WHERE i.environment > envs.environment
                  ORDER BY i.environment LIMIT 1)
          FROM envs WHERE envs.environment IS NOT NULL
        )
        SELECT environment FROM envs WHERE environment IS NOT NULL`),
    ]);
    return { owners, environments: environments.map((e) => e.environment) };
  },
});
