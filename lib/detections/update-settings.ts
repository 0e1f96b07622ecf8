// An admin changes a detector's parameters or switches it off. Values are checked against the
// detector's own parameter schema; a rejection names the parameter.
import { z } from "zod";
import { fromZod, WardenError } from "../core/errors";
import { defineQuery, defineVerb } from "../core/verb";
import { sql } from "../db/sql";
import { actorFields } from "../audit-log/append";
import { DETECTORS, detectorInfo } from "./catalogue";
import { clearSettingsCache, readSettings } from "./settings";

export const updateDetectorSettings = defineVerb({
  action: "detector.configure",
  permission: "detections:configure",
  input: z.object({ detector: z.string().max(64), enabled: z.boolean(), params: z.record(z.string(), z.unknown()).default({}) }),
  async run(tx, { detector, enabled, params }, actor) {
    const info = detectorInfo(detector);
    if (!info) throw new WardenError("not_found", `detector: no detector "${detector}"`, { field: "detector" });
    const parsed = info.params.safeParse(params);
    if (!parsed.success) throw fromZod(parsed.error, "params");
    const before = await tx.one<{ enabled: boolean; params: Record<string, unknown> }>(sql`SELECT enabled, params FROM detector_settings WHERE detector = ${detector}`);
    await tx.exec(sql`
      INSERT INTO detector_settings (detector, enabled, params, updated_at, updated_by)
      VALUES (${detector}, ${enabled}, ${JSON.stringify(parsed.data)}::jsonb, now(), ${actorFields(actor).label})
      ON CONFLICT (detector) DO UPDATE SET enabled = excluded.enabled, params = excluded.params, updated_at = now(), updated_by = excluded.updated_by`);
    return {
      result: { detector, enabled, params: parsed.data },
      audit: { targetType: "detector", targetId: detector, detail: { before: before ?? null, after: { enabled, params: parsed.data } } },
    };
  },
  afterCommit: () => clearSettingsCache(),
});

export type DetectorStatus = {
  id: string; title: string; kind: string; severity: string; cadence: string | null; enabled: boolean;
  params: { key: string; label: string; value: unknown; default: unknown; customised: boolean }[];
  lastRun: { at: string; ok: boolean; error: string | null; candidates: number; raised: number; resolved: number; ms: number } | null;
};

/** Every detector with its effective settings and (scheduled ones) its last run. */
export const listDetectorStatus = defineQuery({
  permission: "findings:read",
  async run(db): Promise<DetectorStatus[]> {
    const [settings, runs] = await Promise.all([
      readSettings(db, DETECTORS),
      db.rows<{ detector: string; finished_at: Date | null; started_at: Date; ok: boolean; error: string | null; candidates: number; raised: number; resolved: number; duration_ms: number }>(sql`SELECT * FROM detector_runs`),
    ]);
    const runOf = new Map(runs.map((r) => [r.detector, r]));
    return DETECTORS.map((d) => {
      const s = settings.get(d.id)!;
      const defaults = d.params.parse({}) as Record<string, unknown>;
      const r = runOf.get(d.id);
      return {
        id: d.id, title: d.title, kind: d.kind, severity: d.severity, cadence: "cadence" in d ? String(d.cadence) : null, enabled: s.enabled,
        params: Object.entries(d.params.shape).map(([key, schema]) => ({
          key, label: (schema as z.ZodType).description ?? key, value: s.params[key], default: defaults[key], customised: s.customised.includes(key),
        })),
        lastRun: r ? { at: (r.finished_at ?? r.started_at).toISOString(), ok: r.ok, error: r.error, candidates: r.candidates, raised: r.raised, resolved: r.resolved, ms: r.duration_ms } : null,
      };
    });
  },
});
