// Re-checks Warden's own audit log: every row's hash must equal the hash recomputed from its
// contents and the previous row's hash, in sequence order. One broken link means tampering.
import { defineQuery } from "../core/verb";
import { sql } from "../db/sql";

export type ChainReport = { entries: number; ok: boolean; firstBrokenSeq: string | null; lastHash: string | null };

export const verifyAuditChain = defineQuery({
  permission: "audit-log:read",
  async run(db): Promise<ChainReport> {
    const r = (await db.one<{ entries: number; first_broken: string | null; last_hash: string | null }>(sql`
      WITH chain AS (
        SELECT seq, hash, prev_hash,
               lag(hash, 1, repeat('0', 64)) OVER (ORDER BY seq) AS expected_prev,
               warden_audit_row_hash(prev_hash, seq, at, actor_type, actor_id, actor_label, action,
                                     target_type, target_id, detail) AS recomputed
          FROM warden_audit_log)
      SELECT count(*) AS entries,
             min(seq) FILTER (WHERE prev_hash <> expected_prev OR hash <> recomputed)::text AS first_broken,
             (SELECT hash FROM warden_audit_log ORDER BY seq DESC LIMIT 1) AS last_hash
        FROM chain`))!;
    return { entries: r.entries, ok: r.first_broken === null, firstBrokenSeq: r.first_broken, lastHash: r.last_hash };
  },
});
