// Runs the ingest detectors over events already stored, in time order: for data that reached
// audit_events without passing through ingest (the demo estate, a restore) or after a detector
// was added. The same code as the ingest path (detect-batch.ts) on the same memory
// (credential_sources), so a backfill and live ingest raise the same findings for the same events.
import type pg from "pg";
import { z } from "zod";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { detectBatch } from "./detect-batch";
import type { DetectEvent, IdentityFacts } from "./ingest-detector";
import { recordCandidates } from "./record";
import { CandidateSet, type Candidate } from "./candidate";

const CHUNK = 5000;

type EventRow = Omit<DetectEvent, "at"> & { at: Date; id: string };
type FactsRow = IdentityFacts & { id: string };

export const backfillDetections = defineVerb({
  action: "detections.backfill",
  permission: "detections:configure",
  input: z.object({ from: z.date(), to: z.date() }),
  async run(tx, { from, to }) {
    const facts = await tx.rows<FactsRow>(sql`
      SELECT id, name, external_id AS "externalId", kind::text AS kind, actor_type::text AS "actorType", environment, status::text AS status,
             EXISTS (SELECT 1 FROM grants g WHERE g.identity_id = identities.id) AS "hasGrants"
        FROM identities`);
    const byId = new Map(facts.map((f) => [f.id, f]));
    let cursor: { at: Date; id: string } = { at: from, id: "0" };
    let events = 0;
    for (;;) {
      const rows = await tx.rows<EventRow>(sql`
        SELECT id::text, occurred_at AS at, source, event_id AS "eventId", identity_id AS "identityId", actor_type::text AS "actorType",
               credential_ref AS "credentialRef", action, scope, resource, decision::text AS decision, source_ip AS "sourceIp",
               user_agent AS "userAgent", origin, context->>'environment' AS environment, context, risk_class::text AS "riskClass", granted
          FROM audit_events
         WHERE occurred_at < ${to}::timestamptz AND (occurred_at, id) > (${cursor.at}::timestamptz, ${cursor.id}::bigint)
         ORDER BY occurred_at, id LIMIT ${CHUNK}`);
      if (rows.length === 0) break;
      const batch: DetectEvent[] = rows.map((r) => ({
        ...r, at: r.at.getTime(), credentialRef: r.credentialRef ?? undefined, scope: r.scope ?? undefined, resource: r.resource ?? undefined,
        sourceIp: r.sourceIp ?? undefined, userAgent: r.userAgent ?? undefined, origin: r.origin ?? undefined, environment: r.environment ?? undefined,
        context: r.context ?? undefined,
      }));
      await detectBatch(tx.pg as pg.PoolClient, batch, (id) => byId.get(id));
      events += rows.length;
      const last = rows[rows.length - 1];
      cursor = { at: last.at, id: last.id };
      if (rows.length < CHUNK) break;
    }
    // Fold what the chunks appended, in this transaction (the process-level fold may be elsewhere).
    const pending = await tx.rows<{ c: Candidate }>(sql`
      DELETE FROM finding_candidates RETURNING json_build_object(
        'detector', detector, 'severity', severity, 'identityId', identity_id, 'credentialId', credential_id, 'grantId', grant_id,
        'subject', subject, 'title', title, 'working', detail, 'occurrences', occurrences, 'firstAt', first_event_at, 'lastAt', last_event_at,
        'firstEventRef', first_event_ref, 'lastEventRef', last_event_ref) AS c`);
    const set = new CandidateSet();
    for (const { c } of pending) set.add({ ...c, firstAt: new Date(c.firstAt), lastAt: new Date(c.lastAt) });
    const rec = await recordCandidates(tx, set.values());
    return {
      result: { events, raised: rec.raised.length, reopened: rec.reopened.length, updated: rec.updated },
      audit: { targetType: "detectors", targetId: "ingest", detail: { from: from.toISOString(), to: to.toISOString(), events, raised: rec.raised.length } },
    };
  },
});
