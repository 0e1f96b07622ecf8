// One page of the findings queue (filters, order and page from the URL) and the total it is part of.
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";
import { ParsedFindingFilters } from "./filters";
import { FINDING_COLUMNS, findingConditions, findingView, orderOf, whereOf, type FindingRow, type FindingView } from "./finding-sql";

export const listFindings = defineQuery({
  permission: "findings:read",
  input: ParsedFindingFilters,
  async run(db, f): Promise<{ rows: FindingView[]; total: number }> {
    const where = whereOf(findingConditions(f));
    const [rows, total] = await Promise.all([
      db.rows<FindingRow>(sql`
        SELECT ${FINDING_COLUMNS} FROM findings f LEFT JOIN identities i ON i.id = f.identity_id
        ${where} ${orderOf(f)} LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`),
      db.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM findings f ${where}`),
    ]);
    return { rows: rows.map(findingView), total: total?.n ?? 0 };
  },
});
