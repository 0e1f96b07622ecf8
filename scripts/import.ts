// `npm run import -- <aws|kubernetes|generic> <file…> [--dry-run] [--mode full|merge] [--cluster <name>]
//   [--collected-at <ISO date>] [--environment <env>] [--owner-key <key>]… [--team-key <key>]…
//   [--nhi <user>]… [--human <user>]… [--command "<what produced the files>"] [--plan <hash>] [--json]`
// Reads the files as streams, prints the diff (and, unless --dry-run, applies it). Progress goes
// to stderr; --json prints the whole outcome on stdout.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { importInventory, type ImportOutcome } from "../lib/inventory/import/import-inventory";
import { IMPORT_SOURCES, type ImportSource } from "../lib/inventory/import/types";
import { run, UsageError } from "./lib/cli";
import { cliActor, withDatabase } from "./lib/with-db";

const USAGE = `usage: import <${IMPORT_SOURCES.join("|")}> <file…> [--dry-run] [--mode full|merge] [--cluster <name>] [--collected-at <date>]
       [--environment <env>] [--owner-key <key>]… [--team-key <key>]… [--nhi <user>]… [--human <user>]… [--command <text>] [--plan <hash>] [--json]`;

const n = (x: number) => x.toLocaleString("en-US");
/** policyVersions → "policy versions". */
const words = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

function summary(o: ImportOutcome): string {
  const d = o.diff;
  const byRisk = (r: Record<string, number>) => Object.entries(r).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${n(v)}`).join(", ");
  const lines = [
    `${o.source} import (${o.mode}) of ${o.files.map((f) => `${f.name} [${f.format}, sha256 ${f.sha256.slice(0, 12)}…]`).join(", ")}`,
    `collected ${o.collectedAt}; read: ${Object.entries(o.read).map(([k, v]) => `${n(v)} ${words(k)}`).join(", ")}`,
    `covers: ${o.coverage.identities.join(", ") || "(nothing: merge only)"}`,
    `identities: +${n(d.identities.added)} added, ~${n(d.identities.changed)} changed (${n(d.identities.adopted)} adopted from discovered, ${n(d.identities.reappeared)} back), ` +
      `-${n(d.identities.removed)} decommissioned, ${n(d.identities.merged)} discovered merged, ${n(d.identities.unchanged)} unchanged`,
    `grants: +${n(d.grants.added)} added${d.grants.added ? ` (${byRisk(d.grants.addedByRisk)})` : ""}, ~${n(d.grants.changed)} changed, ` +
      `-${n(d.grants.removed)} revoked${d.grants.removed ? ` (${byRisk(d.grants.removedByRisk)})` : ""}, ${n(d.grants.unchanged)} unchanged`,
    `credentials: +${n(d.credentials.added)}, ~${n(d.credentials.changed)}, -${n(d.credentials.removed)} revoked, ${n(d.credentials.unchanged)} unchanged; new scopes: ${n(d.scopes.added)}`,
    `owners: ${n(d.owners.ownerless)} identities without an owner; ${d.owners.newOwners.length ? `new owners: ${d.owners.newOwners.map((x) => `${x.team}/${x.email ?? x.name ?? "(team)"}`).join(", ")}` : "no new owners"}`,
    ...o.warnings.slice(0, 20).map((w) => `warning: ${w}`),
    ...(o.warnings.length > 20 ? [`… ${o.warnings.length - 20} more warnings (--json lists them all)`] : []),
  ];
  return lines.join("\n");
}

await run(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false }, json: { type: "boolean", default: false },
      mode: { type: "string" }, cluster: { type: "string" }, "collected-at": { type: "string" }, environment: { type: "string" },
      "owner-key": { type: "string", multiple: true }, "team-key": { type: "string", multiple: true },
      nhi: { type: "string", multiple: true }, human: { type: "string", multiple: true }, command: { type: "string" }, plan: { type: "string" },
    },
  });
  const [source, ...paths] = positionals;
  if (!source || !paths.length) throw new UsageError(USAGE);
  if (!(IMPORT_SOURCES as readonly string[]).includes(source)) throw new UsageError(`unknown source "${source}"\n${USAGE}`);
  const stats = await Promise.all(paths.map((p) => stat(p).catch(() => { throw new UsageError(`cannot read ${p}`); })));
  await withDatabase(async () => {
    let last = "";
    const out = await importInventory({ actor: cliActor() }, {
      options: {
        source: source as ImportSource, dryRun: values["dry-run"], mode: values.mode as "full" | "merge" | undefined, cluster: values.cluster,
        collectedAt: values["collected-at"], environment: values.environment, command: values.command, plan: values.plan,
        ...(values["owner-key"] ? { ownerKeys: values["owner-key"] } : {}), ...(values["team-key"] ? { teamKeys: values["team-key"] } : {}),
        nhi: values.nhi ?? [], human: values.human ?? [],
      },
      files: paths.map((p) => ({ name: path.basename(p), stream: createReadStream(p) })),
      filesModifiedAt: new Date(Math.max(...stats.map((s) => s.mtimeMs))),
      progress: (p) => {
        const line = [p.phase, p.step, p.file].filter(Boolean).join(": ");
        if (line !== last && p.phase !== "done") console.error(`warden: ${line}…`);
        last = line;
      },
    });
    if (values.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    else console.log(summary(out));
    if (out.dryRun) {
      const again = process.argv.slice(2).filter((a) => a !== "--dry-run").map((a) => (/^[\w./:=@,-]+$/.test(a) ? a : JSON.stringify(a)));
      console.error(`warden: dry run, nothing was written. To apply exactly this plan: npm run import -- ${again.join(" ")} --plan ${out.planHash}`);
    } else console.error(`warden: applied as import ${out.importId} (one entry in Warden's audit log)`);
  });
});
