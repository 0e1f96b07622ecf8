// `npm run bench:import`: imports a synthetic AWS account of 10,000 roles holding 500,000 grants
// (each role attaches 2 of 400 managed policies of 25 distinct actions each, so every role holds
// exactly 50; the actions are resolved against the IAM catalogue like any other) through the whole import
// path — streamed parse, policy evaluation, staging COPY, plan, apply — into a migrated embedded
// PostgreSQL, then, in the same run, measures the physical reference: a bare binary COPY of the
// resulting grant rows into a copy of the grants table (same columns, indexes and foreign keys).
// Prints the phases (from the import's own progress reports), the re-import of the same file
// (no change) and a full re-import with one role fewer.
import os from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { from as copyFrom } from "pg-copy-streams";
import { SYSTEM } from "../lib/auth/roles";
import { CopyBinaryWriter } from "../lib/ingest/copy-binary";
import { actionCatalog } from "../lib/inventory/import/aws/action-catalog";
import { importInventory, type ImportOutcome } from "../lib/inventory/import/import-inventory";
import { benchDatabase } from "./lib/bench-env";

const { values } = parseArgs({ options: { roles: { type: "string", default: "10000" }, policies: { type: "string", default: "400" } } });
const ROLES = Number(values.roles);
const POLICIES = Number(values.policies);
const PER_POLICY = 25;
const ACCOUNT = "111122223333";
const log = (m: string) => console.error(`bench: ${m}`);
const fmt = (n: number) => n.toLocaleString("en-US");

/** 400 policies over the catalogue's actions: disjoint sets of 25. */
async function policies() {
  const catalog = await actionCatalog();
  const out: { arn: string; actions: string[]; document: object }[] = [];
  let at = 0;
  const all = catalog.all.filter((a) => a.known);
  for (let p = 0; p < POLICIES; p++) {
    const actions = all.slice(at, at + PER_POLICY).map((a) => a.name);
    at += PER_POLICY;
    out.push({
      arn: `arn:aws:iam::${ACCOUNT}:policy/bench-policy-${p}`,
      actions,
      document: { Version: "2012-10-17", Statement: [{ Sid: `S${p}`, Effect: "Allow", Action: actions, Resource: "*" }] },
    });
  }
  return out;
}

function exportJson(pols: Awaited<ReturnType<typeof policies>>, roles: number): string {
  const created = "2025-01-01T00:00:00+00:00";
  const roleList = Array.from({ length: roles }, (_, i) => ({
    Path: "/", RoleName: `bench-role-${i}`, RoleId: `AROABENCH${String(i).padStart(12, "0")}`, Arn: `arn:aws:iam::${ACCOUNT}:role/bench-role-${i}`,
    CreateDate: created, AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    InstanceProfileList: [], RolePolicyList: [], Tags: [{ Key: "team", Value: `team-${i % 40}` }], RoleLastUsed: {},
    AttachedManagedPolicies: [pols[i % pols.length], pols[(i + 1 + Math.floor(i / pols.length)) % pols.length]].map((p) => ({ PolicyArn: p.arn, PolicyName: p.arn.split("/")[1] })),
  }));
  const policyList = pols.map((p) => ({
    PolicyName: p.arn.split("/")[1], PolicyId: `ANPA${p.arn.length}`, Arn: p.arn, Path: "/", DefaultVersionId: "v1", AttachmentCount: 1,
    IsAttachable: true, CreateDate: created, UpdateDate: created,
    PolicyVersionList: [{ Document: p.document, VersionId: "v1", IsDefaultVersion: true, CreateDate: created }],
  }));
  return JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: roleList, Policies: policyList });
}

async function timedImport(name: string, text: string): Promise<{ secs: number; out: ImportOutcome; phases: [string, number][] }> {
  const phases: [string, number][] = [];
  const t0 = performance.now();
  let last = t0;
  let phase = "reading";
  const out = await importInventory({ actor: SYSTEM }, {
    options: { source: "aws" },
    files: [{ name, stream: Readable.from([Buffer.from(text)]) }],
    progress: (p) => {
      const now = performance.now();
      const name = p.step ? `${p.phase}: ${p.step}` : p.phase;
      if (name !== phase) {
        phases.push([phase, (now - last) / 1000]);
        phase = name;
        last = now;
      }
    },
  });
  phases.push([phase, (performance.now() - last) / 1000]);
  return { secs: (performance.now() - t0) / 1000, out, phases };
}

const db = await benchDatabase();
try {
  log("loading the IAM action catalogue and building the export");
  const pols = await policies();
  const json = exportJson(pols, ROLES);
  log(`export: ${fmt(ROLES)} roles, ${fmt(pols.length)} policies, ${(json.length / 1024 / 1024).toFixed(1)} MiB`);

  const first = await timedImport("bench-authorization-details.json", json);
  const grants = first.out.diff.grants.added;
  log(`import: ${first.secs.toFixed(1)} s, ${fmt(first.out.diff.identities.added)} identities, ${fmt(grants)} grants`);

  // The physical reference: the same grant rows, COPYed bare into a table like grants (same
  // columns, indexes and foreign keys); the median of three runs, the machine being shared.
  const client = await db.pool.connect();
  const copies: number[] = [];
  try {
    await client.query("CREATE TABLE grants_copy (LIKE grants INCLUDING ALL)");
    await client.query(`ALTER TABLE grants_copy ADD FOREIGN KEY (identity_id) REFERENCES identities(id), ADD FOREIGN KEY (scope_id) REFERENCES scopes(id),
                        ADD FOREIGN KEY (import_id) REFERENCES inventory_imports(id)`);
    const { rows } = await client.query<{ identity_id: string; scope_id: string; granted_by: string; granted_at: Date; import_id: string; provenance: unknown }>(
      "SELECT identity_id, scope_id, granted_by, granted_at, import_id, provenance FROM grants");
    const w = new CopyBinaryWriter(rows.length * 200);
    for (const r of rows) {
      w.row(6);
      w.uuid(r.identity_id); w.uuid(r.scope_id); w.text(r.granted_by); w.timestamp(r.granted_at.getTime()); w.uuid(r.import_id); w.jsonb(JSON.stringify(r.provenance));
    }
    const data = w.finish();
    for (let run = 0; run < 3; run++) {
      await client.query("TRUNCATE grants_copy");
      await client.query("CHECKPOINT");
      const t0 = performance.now();
      await client.query("BEGIN");
      await pipeline(Readable.from([data]), client.query(copyFrom("COPY grants_copy (identity_id, scope_id, granted_by, granted_at, import_id, provenance) FROM STDIN (FORMAT binary)")));
      await client.query("COMMIT");
      copies.push((performance.now() - t0) / 1000);
      log(`COPY ${run + 1}/3: ${copies.at(-1)!.toFixed(1)} s`);
    }
  } finally {
    client.release();
  }
  const copySecs = [...copies].sort((a, b) => a - b)[1];

  const again = await timedImport("bench-authorization-details.json", json);
  const fewer = await timedImport("bench-one-role-fewer.json", exportJson(pols, ROLES - 1));

  console.log(`import benchmark — ${new Date().toISOString()} — synthetic AWS export, ${fmt(ROLES)} roles × 50 actions from ${fmt(pols.length)} managed policies, this machine`);
  console.log("| run | identities | grants | seconds | grants/s |");
  console.log("|---|---:|---:|---:|---:|");
  console.log(`| first import (parse, evaluate, stage, plan, apply) | ${fmt(first.out.diff.identities.added)} | ${fmt(grants)} added | ${first.secs.toFixed(1)} | ${fmt(Math.round(grants / first.secs))} |`);
  console.log(`| bare COPY of the same grant rows (physical reference, median of 3) | — | ${fmt(grants)} | ${copySecs.toFixed(1)} | ${fmt(Math.round(grants / copySecs))} |`);
  console.log(`| same file again (nothing changes) | ${fmt(again.out.diff.identities.unchanged)} unchanged | ${fmt(again.out.diff.grants.unchanged)} unchanged | ${again.secs.toFixed(1)} | — |`);
  console.log(`| full re-import, one role fewer | ${fmt(fewer.out.diff.identities.removed)} decommissioned | ${fmt(fewer.out.diff.grants.removed)} revoked | ${fewer.secs.toFixed(1)} | — |`);
  console.log(`first import phases: ${first.phases.map(([p, s]) => `${p} ${s.toFixed(1)} s`).join(" · ")}`);
  console.log(`import / COPY = ${(first.secs / copySecs).toFixed(1)}× the bare COPY's time (COPY runs: ${copies.map((c) => c.toFixed(1)).join(", ")} s) · load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`target ≤ 30 s for 10,000 identities / 500,000 grants: ${ROLES === 10_000 && grants === 500_000 ? (first.secs <= 30 ? "MET" : "NOT MET") : "n/a (other size)"}`);
} finally {
  await db.close();
}
