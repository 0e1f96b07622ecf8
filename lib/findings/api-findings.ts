// GET /api/v1/findings for SIEM and ticketing pickup: findings in change order after a cursor
// (change_seq, bumped by every change), so a poller that stores the last `next` it got sees every
// new finding and every change exactly once, whatever their order of creation.
import { z } from "zod";
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";
import { FindingFilters } from "./filters";
import { FINDING_COLUMNS, findingConditions, findingView, whereOf, type FindingRow, type FindingView } from "./finding-sql";

export const FindingsApiQuery = z.object({
  after: z.string().regex(/^\d{1,19}$/, "a cursor from a previous response's next").optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  status: FindingFilters.shape.status.removeCatch().default("all"),
  minSeverity: z.enum(["low", "medium", "high", "critical"]).optional(),
  detector: z.string().max(64).optional(),
  identity: z.uuid().optional(),
});

export const findingsFeed = defineQuery({
  permission: "findings:read",
  input: FindingsApiQuery,
  async run(db, q): Promise<{ findings: FindingView[]; next: string | null }> {
    const c = findingConditions({ status: q.status, minSeverity: q.minSeverity, detector: q.detector, identity: q.identity });
    if (q.after) c.push(sql`f.change_seq > ${q.after}::bigint`);
    const rows = await db.rows<FindingRow>(sql`
      SELECT ${FINDING_COLUMNS} FROM findings f LEFT JOIN identities i ON i.id = f.identity_id
       ${whereOf(c)} ORDER BY f.change_seq LIMIT ${q.limit}`);
    return { findings: rows.map(findingView), next: rows.length ? rows[rows.length - 1].change_seq : (q.after ?? null) };
  },
});
