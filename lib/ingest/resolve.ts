// Binds every event to an inventory identity. Order: external id, then an alias (identity_aliases:
// another name an import recorded), then the credential's owner (fingerprint), then a name that is
// unique in the inventory. An actor Warden has never seen
// becomes a *discovered* identity (no owner) — shadow NHIs are the point, so nothing is dropped.
import { textArray } from "../db/pg-array";
import { appendAudit } from "../audit-log/append";
import type { Runner } from "../db/sql";
import type { Actor } from "../auth/roles";
import type { CanonicalEvent } from "./event-schema";

export type Resolution = { byRef: Map<string, string>; discovered: string[] };

function discoveredRow(e: CanonicalEvent) {
  return {
    externalId: e.identity,
    name: (e.identityName ?? e.identity).slice(0, 256),
    kind: e.identityKind ?? (e.actorType === "human" ? "user" : "service_account"),
    actorType: e.actorType,
    provider: e.provider ?? e.source ?? "unknown",
    environment: e.environment ?? "unknown",
  };
}

export async function resolveIdentities(tx: Runner, actor: Actor, events: CanonicalEvent[]): Promise<Resolution> {
  const client = tx.pg; // hot path: plain $n statements with array literals built in pg-array.ts
  const refs = [...new Set(events.map((e) => e.identity))];
  const byRef = new Map<string, string>();

  const ext = await client.query<{ id: string; external_id: string }>(
    "SELECT id, external_id FROM identities WHERE external_id = ANY($1::text[])",
    [textArray(refs)],
  );
  for (const r of ext.rows) byRef.set(r.external_id, r.id);

  let open = refs.filter((r) => !byRef.has(r));
  if (open.length) {
    // Other names of imported identities (unique ids, path-less role ARNs, merged discovered names).
    const aliased = await client.query<{ alias: string; identity_id: string }>(
      "SELECT alias, identity_id FROM identity_aliases WHERE alias = ANY($1::text[])",
      [textArray(open)],
    );
    for (const r of aliased.rows) byRef.set(r.alias, r.identity_id);
    open = open.filter((r) => !byRef.has(r));
  }
  if (open.length) {
    // The credential used tells who the actor is when the event names it differently.
    const credOf = new Map<string, string>();
    for (const e of events) if (e.credentialRef && !byRef.has(e.identity)) credOf.set(e.identity, e.credentialRef);
    const fps = [...new Set(credOf.values())];
    if (fps.length) {
      const creds = await client.query<{ identity_id: string; fingerprint: string }>(
        "SELECT identity_id, fingerprint FROM credentials WHERE fingerprint = ANY($1::text[])",
        [fps],
      );
      const owner = new Map(creds.rows.map((c) => [c.fingerprint, c.identity_id]));
      for (const [ref, fp] of credOf) if (owner.has(fp)) byRef.set(ref, owner.get(fp)!);
    }
    open = open.filter((r) => !byRef.has(r));
  }
  if (open.length) {
    const named = await client.query<{ name: string; id: string }>(
      `SELECT name, (array_agg(id))[1]::text AS id FROM identities
        WHERE name = ANY($1::text[]) GROUP BY name HAVING count(*) = 1`,
      [open],
    );
    for (const r of named.rows) byRef.set(r.name, r.id);
    open = open.filter((r) => !byRef.has(r));
  }

  const discovered: string[] = [];
  if (open.length) {
    const first = new Map<string, CanonicalEvent>();
    for (const e of events) if (!first.has(e.identity) && open.includes(e.identity)) first.set(e.identity, e);
    const rows = [...first.values()].map(discoveredRow);
    const ins = await client.query<{ id: string; external_id: string }>(
      `INSERT INTO identities (external_id, name, kind, actor_type, provider, environment, status, attributes)
       SELECT x."externalId", x.name, x.kind::identity_kind, x."actorType"::actor_type, x.provider, x.environment,
              'discovered', jsonb_build_object('discoveredBy', $2::text)
         FROM json_to_recordset($1::json) AS x("externalId" text, name text, kind text, "actorType" text,
                                               provider text, environment text)
       ON CONFLICT (external_id) DO NOTHING
       RETURNING id, external_id`,
      [JSON.stringify(rows), actor.kind === "ingest-key" ? `ingest key ${actor.name}` : "ingest"],
    );
    for (const r of ins.rows) {
      byRef.set(r.external_id, r.id);
      discovered.push(r.external_id);
    }
    // Another batch may have discovered the same actor a moment earlier.
    const late = open.filter((r) => !byRef.has(r));
    if (late.length) {
      const again = await client.query<{ id: string; external_id: string }>(
        "SELECT id, external_id FROM identities WHERE external_id = ANY($1::text[])",
        [late],
      );
      for (const r of again.rows) byRef.set(r.external_id, r.id);
    }
    if (discovered.length) {
      await appendAudit(tx, actor, {
        action: "identity.discover",
        targetType: "identity",
        detail: { count: discovered.length, externalIds: discovered.slice(0, 50) },
      });
    }
  }
  return { byRef, discovered };
}
