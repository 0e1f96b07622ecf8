// Sends a finding's grants to an access review: the grant it is about (an unused or ungranted
// grant), else the identity's live grants, become items of a draft or active campaign, each with
// the finding as evidence. Campaigns are the reviews feature's; this only adds items to one.
import { z } from "zod";
import { WardenError } from "../core/errors";
import { defineQuery, defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { lockFinding } from "./transition";

export const addFindingToReview = defineVerb({
  action: "finding.add_to_review",
  permission: "reviews:manage",
  input: z.object({ id: z.uuid(), campaignId: z.uuid() }),
  async run(tx, { id, campaignId }) {
    const f = await lockFinding(tx, id);
    const campaign = await tx.one<{ name: string; status: string }>(sql`
      SELECT name, status::text AS status FROM review_campaigns WHERE id = ${campaignId}::uuid FOR SHARE`);
    if (!campaign) throw new WardenError("not_found", "campaignId: no such review campaign", { field: "campaignId" });
    if (campaign.status === "closed") throw new WardenError("conflict", `campaignId: ${campaign.name} is closed`, { field: "campaignId" });
    const added = await tx.rows<{ grant_id: string }>(sql`
      WITH fi AS (SELECT id, identity_id, grant_id, detector, title, severity, detail FROM findings WHERE id = ${id}::uuid),
      chosen AS (
        SELECT g.id FROM grants g, fi
         WHERE g.revoked_at IS NULL AND (
           g.id = fi.grant_id
           OR (fi.grant_id IS NULL AND g.id::text IN (SELECT jsonb_array_elements_text(fi.detail->'facts'->'unusedGrantIds')))
           OR (fi.grant_id IS NULL AND fi.detail->'facts'->'unusedGrantIds' IS NULL AND g.identity_id = fi.identity_id))
      )
      INSERT INTO review_items (campaign_id, grant_id, evidence)
      SELECT ${campaignId}::uuid, chosen.id, jsonb_build_object('finding', jsonb_build_object('id', fi.id, 'detector', fi.detector, 'title', fi.title, 'severity', fi.severity))
        FROM chosen, fi
      ON CONFLICT (campaign_id, grant_id) DO NOTHING
      RETURNING grant_id`);
    if (added.length === 0) return { result: { added: 0, campaign: campaign.name }, audit: null };
    return {
      result: { added: added.length, campaign: campaign.name },
      audit: { targetType: "finding", targetId: f.id, detail: { campaignId, campaign: campaign.name, grants: added.map((a) => a.grant_id) } },
    };
  },
});

/** Campaigns a finding can be added to (draft or active). */
export const openCampaigns = defineQuery({
  permission: "reviews:read",
  run: (db) => db.rows<{ id: string; name: string; status: string }>(sql`
    SELECT id, name, status::text AS status FROM review_campaigns WHERE status <> 'closed' ORDER BY created_at DESC LIMIT 50`),
});
