// Imports an inventory export: read and parse the files as they stream (nothing written), then in
// one transaction stage the model, compute the plan and either return it (dry run: the diff and
// its planHash, nothing written) or write it with one Warden audit-log entry summarising it.
// Entry points: scripts/import.ts, POST /api/v1/inventory/import, the Import page.
import { createHash } from "node:crypto";
import { z } from "zod";
import { actorFields } from "../../audit-log/append";
import { assertCan, ForbiddenError } from "../../auth/roles";
import { fromZod, WardenError } from "../../core/errors";
import { defineVerb, type Ctx } from "../../core/verb";
import { sql } from "../../db/sql";
import { applyPlan } from "./apply";
import { readDiff, type ImportDiff } from "./diff";
import { FileReader, type ImportFile } from "./file-reader";
import { normalizeModel } from "./normalize";
import { ImportOptions, type ImportOptionsInput } from "./options";
import { computePlan } from "./plan";
import { commandOf, SOURCES, sourceReader } from "./sources";
import { stageModel } from "./stage";
import type { FileInfo, ImportModel, ImportProgress } from "./types";

export type ImportOutcome = {
  dryRun: boolean;
  /** The applied import's id (null for a dry run). */
  importId: string | null;
  /** Pass it back as `plan` to apply exactly what the dry run showed. */
  planHash: string;
  source: string;
  mode: string;
  collectedAt: string;
  command: string;
  files: FileInfo[];
  coverage: ImportModel["coverage"];
  /** What the files hold, in the source's nouns. */
  read: Record<string, number>;
  diff: ImportDiff;
  warnings: string[];
};

export const MAX_IMPORT_FILES = 20;

async function readFiles(o: ImportOptions, files: Iterable<ImportFile> | AsyncIterable<ImportFile>, progress: ImportProgress) {
  const source = sourceReader(o);
  const infos: FileInfo[] = [];
  for await (const f of files) {
    if (infos.length === MAX_IMPORT_FILES) throw new WardenError("invalid", `at most ${MAX_IMPORT_FILES} files per import`, { field: "file" });
    progress({ phase: "reading", file: f.name });
    const reader = new FileReader(f);
    await source.read(reader);
    await reader.drain();
    infos.push(reader.info());
  }
  if (!infos.length) throw new WardenError("invalid", "no file to import", { field: "file" });
  progress({ phase: "expanding grants" });
  return { model: normalizeModel(await source.build()), infos };
}

function planHashOf(o: ImportOptions, files: FileInfo[], model: ImportModel, diff: ImportDiff): string {
  const { samples: _samples, ...counts } = diff;
  const key = { source: o.source, mode: o.mode, files: files.map((f) => f.sha256), coverage: model.coverage, counts };
  return createHash("sha256").update(JSON.stringify(key)).digest("hex");
}

const Parsed = z.object({
  options: z.custom<ImportOptions & { mode: NonNullable<ImportOptions["mode"]>; collectedAt: Date }>(),
  model: z.custom<ImportModel>(),
  files: z.array(z.custom<FileInfo>()),
  progress: z.custom<ImportProgress>(),
});

const applyImport = defineVerb({
  action: "inventory.import",
  permission: "inventory:import",
  input: Parsed,
  // Half a million grants are joined in memory rather than spilled to disk.
  transaction: { settings: { work_mem: "64MB" } },
  async run(tx, { options: o, model, files, progress }, actor) {
    // One import at a time: two imports planning against the same inventory would race.
    await tx.exec(sql`SELECT pg_advisory_xact_lock(hashtext('warden_inventory_import'))`);
    progress({ phase: "staging", total: model.grants.length });
    await stageModel(tx, model);
    progress({ phase: "planning" });
    await computePlan(tx, { source: o.source, mode: o.mode, coverage: model.coverage });
    await refuseUnknownReferences(tx);
    const diff = await readDiff(tx);
    const planHash = planHashOf(o, files, model, diff);
    const command = commandOf(o, files.map((f) => f.format));
    const outcome: ImportOutcome = {
      dryRun: o.dryRun, importId: null, planHash, source: o.source, mode: o.mode, collectedAt: o.collectedAt.toISOString(), command,
      files, coverage: model.coverage, read: model.counts, diff, warnings: model.warnings,
    };
    if (o.dryRun) return { result: outcome, audit: null };
    if (o.plan && o.plan !== planHash) {
      throw new WardenError("conflict", "the inventory or the files changed since the dry run: run the dry run again and review the new diff", { field: "plan" });
    }
    progress({ phase: "writing" });
    const { samples: _samples, ...changes } = diff;
    const who = actorFields(actor);
    const row = await tx.one<{ id: string }>(sql`
      INSERT INTO inventory_imports (source, mode, files, file_sha256, collected_at, command, coverage, counts, actor_type, actor_id, actor_label)
      VALUES (${o.source}, ${o.mode}, ${JSON.stringify(files)}::jsonb, ${files.map((f) => f.sha256)}::text[], ${o.collectedAt},
              ${command}, ${JSON.stringify(model.coverage)}::jsonb, ${JSON.stringify({ read: model.counts, ...changes })}::jsonb,
              ${who.type}, ${who.id}, ${who.label})
      RETURNING id`);
    const importId = row!.id;
    const revokeReason = `not in the ${o.source} export collected ${o.collectedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (full import ${importId})`;
    await applyPlan(tx, { importId, source: o.source, now: new Date(), revokeReason, progress });
    return {
      result: { ...outcome, importId },
      audit: {
        targetType: "inventory_import",
        targetId: importId,
        detail: { source: o.source, mode: o.mode, files: files.map((f) => ({ name: f.name, sha256: f.sha256 })), collectedAt: outcome.collectedAt, ...changes },
      },
    };
  },
});

/** A grant or credential naming an identity neither in the files nor in the inventory, or a scope nobody defined. */
async function refuseUnknownReferences(tx: Parameters<typeof stageModel>[0]): Promise<void> {
  const bad = await tx.one<{ what: string; ref: string; origin: string | null }>(sql`
    SELECT 'identity' AS what, identity AS ref, origin FROM imp_grant_plan WHERE NOT identity_known
    UNION ALL SELECT 'identity', identity, origin FROM imp_credential_plan WHERE NOT identity_known
    UNION ALL SELECT 'scope', p.scope, p.origin FROM imp_grant_plan p
      WHERE p.scope_id IS NULL AND NOT EXISTS (SELECT 1 FROM imp_scopes s WHERE s.name = p.scope)
    LIMIT 1`);
  if (!bad) return;
  const [file, ...where] = (bad.origin ?? "(files): (model)").split(": ");
  const reason = bad.what === "identity"
    ? `identity ${JSON.stringify(bad.ref)} is neither in these files nor in the inventory`
    : `scope ${JSON.stringify(bad.ref)} is not in the inventory: give its risk_class`;
  throw new WardenError("invalid", `${file}: ${where.join(": ") || "(model)"}: ${reason}`, { field: "file", extra: { file, path: where.join(": "), reason } });
}

export type ImportRequest = {
  options: ImportOptionsInput;
  /** Read one after the other, each to its end (an upload's parts arrive that way). */
  files: Iterable<ImportFile> | AsyncIterable<ImportFile>;
  progress?: ImportProgress;
  /** The files' modification time (CLI), the default collection time. */
  filesModifiedAt?: Date;
};

/**
 * Reads, plans and (unless a dry run) applies an import. The permission is checked before a byte
 * of the files is read; a key scoped to some sources may import only those.
 */
export async function importInventory(ctx: Ctx, req: ImportRequest): Promise<ImportOutcome> {
  assertCan(ctx.actor, "inventory:import");
  const parsed = ImportOptions.safeParse(req.options);
  if (!parsed.success) throw fromZod(parsed.error);
  const o = parsed.data;
  if (ctx.actor.kind === "ingest-key" && ctx.actor.allowedSources.length && !ctx.actor.allowedSources.includes(o.source)) {
    throw new ForbiddenError("inventory:import", `ingest key "${ctx.actor.name}" (sources: ${ctx.actor.allowedSources.join(", ")})`);
  }
  const progress = req.progress ?? (() => {});
  const { model, infos } = await readFiles(o, req.files, progress);
  const collectedAt = o.collectedAt ?? model.collectedAt ?? req.filesModifiedAt ?? new Date();
  const options = { ...o, mode: o.mode ?? SOURCES[o.source].defaultMode, collectedAt };
  const out = await applyImport(ctx, { options, model, files: infos, progress });
  progress({ phase: "done" });
  return out;
}
