// Runs the ingest detectors over events already stored, in time order: for data that reached
// audit_events without passing through ingest (the demo estate, a restore) or after a detector
// was added. The same code as the ingest path (detect-batch.ts) on the same memory
// (credential_sources), so a backfill and live ingest raise the same findings for the same events.
import type pg from "pg";
import { z } from "zod";
import { defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { detectBatch } from "./detect-batch";
import type { DetectEvent } from "./ingest-detector";
import { drainPending } from "./fold";
import { identityFacts } from "./identity-facts";
import { recordCandidates } from "./record";
import { CandidateSet } from "./candidate";

const CHUNK = 5000;

type EventRow = Omit<DetectEvent, "at"> & { at: Date; id: string };

export const backfillDetections = defineVerb({
  action: "detections.backfill",
  permission: "detections:configure",
  input: z.object({ from: z.date(), to: z.date() }),
  async run(tx, { from, to }) {
    const byId = await identityFacts(tx);
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
    // Fold what the chunks left, in this transaction (the process-level fold may be elsewhere).
    const { candidates } = await drainPending(tx);
    const set = new CandidateSet();
    for (const c of candidates) set.add(c);
    const rec = await recordCandidates(tx, set.values());
    return {
      result: { events, raised: rec.raised.length, reopened: rec.reopened.length, updated: rec.updated },
      audit: { targetType: "detectors", targetId: "ingest", detail: { from: from.toISOString(), to: to.toISOString(), events, raised: rec.raised.length } },
    };
  },
});
