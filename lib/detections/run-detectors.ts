// Runs scheduled detectors now: what the job queue calls on each detector's cadence (schedule.ts),
// `npm run detect` and the admins' "Run now" button. Each detector takes a transaction-scoped
// advisory lock, so two Warden instances (or a click during a scheduled run) never run the same
// detector at once; its candidates are recorded, a state detector's findings it no longer
// produces are resolved, and the run is kept in detector_runs.
import { z } from "zod";
import { defineVerb } from "../core/verb";
import { WardenError } from "../core/errors";
import { sql, type Runner } from "../db/sql";
import { CandidateSet, dedupKey } from "./candidate";
import { recordCandidates, resolveStale } from "./record";
import type { ScheduledDetector } from "./scheduled-detector";
import { SCHEDULED_DETECTORS } from "./scheduled-detectors";
import { readSettings } from "./settings";

export type DetectorRunResult = { detector: string; skipped?: string; candidates: number; raised: number; reopened: number; resolved: number; ms: number };

async function runOne(tx: Runner, d: ScheduledDetector, enabled: boolean, params: Record<string, unknown>, now: Date): Promise<DetectorRunResult> {
  const t0 = performance.now();
  const base = { detector: d.id, candidates: 0, raised: 0, reopened: 0, resolved: 0, ms: 0 };
  if (!enabled) return { ...base, skipped: "disabled in Settings" };
  const lock = await tx.one<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(hashtext(${`warden_detector:${d.id}`})) AS ok`);
  if (!lock?.ok) return { ...base, skipped: "already running" };
  await tx.exec(sql`SAVEPOINT detector_run`);
  try {
    const set = new CandidateSet();
    for (const c of await d.run(tx, params as never, now)) set.add(c);
    const candidates = set.values();
    const rec = await recordCandidates(tx, candidates, now, "replace");
    const resolved = d.resolvesStale ? await resolveStale(tx, d.id, candidates.map(dedupKey), now) : [];
    const out = { ...base, candidates: candidates.length, raised: rec.raised.length, reopened: rec.reopened.length, resolved: resolved.length, ms: Math.round(performance.now() - t0) };
    await tx.exec(sql`RELEASE SAVEPOINT detector_run`);
    await saveRun(tx, out, now, null);
    return out;
  } catch (e) {
    // One broken detector must not take the others' findings down with it.
    await tx.exec(sql`ROLLBACK TO SAVEPOINT detector_run`);
    const out = { ...base, skipped: `failed: ${(e as Error).message.slice(0, 300)}`, ms: Math.round(performance.now() - t0) };
    await saveRun(tx, out, now, (e as Error).message);
    return out;
  }
}

async function saveRun(tx: Runner, r: DetectorRunResult, startedAt: Date, error: string | null): Promise<void> {
  await tx.exec(sql`
    INSERT INTO detector_runs (detector, started_at, finished_at, ok, error, candidates, raised, resolved, duration_ms)
    VALUES (${r.detector}, ${startedAt}::timestamptz, now(), ${error === null}, ${error}, ${r.candidates}, ${r.raised + r.reopened}, ${r.resolved}, ${r.ms})
    ON CONFLICT (detector) DO UPDATE SET started_at = excluded.started_at, finished_at = excluded.finished_at, ok = excluded.ok,
      error = excluded.error, candidates = excluded.candidates, raised = excluded.raised, resolved = excluded.resolved, duration_ms = excluded.duration_ms`);
}

export const runDetectors = defineVerb({
  action: "detections.run",
  permission: "detections:configure",
  input: z.object({
    /** One detector, or every scheduled one. */
    detector: z.string().max(64).optional(),
    now: z.date().default(() => new Date()),
  }),
  async run(tx, { detector, now }) {
    const chosen = detector ? SCHEDULED_DETECTORS.filter((d) => d.id === detector) : SCHEDULED_DETECTORS;
    if (chosen.length === 0) throw new WardenError("not_found", `no scheduled detector "${detector}"`, { field: "detector" });
    const settings = await readSettings(tx, chosen);
    const results: DetectorRunResult[] = [];
    for (const d of chosen) {
      const s = settings.get(d.id)!;
      results.push(await runOne(tx, d, s.enabled, s.params, now));
    }
    return {
      result: results,
      audit: { targetType: "detectors", targetId: detector ?? "all", detail: { results: results.map(({ detector, raised, reopened, resolved, skipped }) => ({ detector, raised, reopened, resolved, skipped })) } },
    };
  },
});
