// Effective detector settings: the catalogue's defaults overlaid with what an admin saved
// (detector_settings). A saved value that no longer parses (a parameter renamed in an upgrade)
// falls back to the default rather than stopping detection. Ingest reads them through a short
// process cache; saving clears it in this process, other processes see the change within CACHE_MS.
import type { Runner } from "../db/sql";
import { sql } from "../db/sql";
import type { DetectorInfo } from "./detector";

export type EffectiveSetting = { enabled: boolean; params: Record<string, unknown>; customised: string[]; updatedBy: string | null; updatedAt: Date | null };

type Stored = { detector: string; enabled: boolean; params: Record<string, unknown>; updated_by: string; updated_at: Date };

export function effective(info: DetectorInfo, stored: Stored | undefined): EffectiveSetting {
  const defaults = info.params.parse({}) as Record<string, unknown>;
  const params: Record<string, unknown> = { ...defaults };
  const customised: string[] = [];
  for (const [key, value] of Object.entries(stored?.params ?? {})) {
    const schema = info.params.shape[key];
    const parsed = schema?.safeParse(value);
    if (parsed?.success) {
      params[key] = parsed.data;
      if (JSON.stringify(parsed.data) !== JSON.stringify(defaults[key])) customised.push(key);
    }
  }
  return { enabled: stored?.enabled ?? true, params, customised, updatedBy: stored?.updated_by ?? null, updatedAt: stored?.updated_at ?? null };
}

export async function readSettings(db: Runner, detectors: readonly DetectorInfo[]): Promise<Map<string, EffectiveSetting>> {
  const rows = await db.rows<Stored>(sql`SELECT detector, enabled, params, updated_by, updated_at FROM detector_settings`);
  const byId = new Map(rows.map((r) => [r.detector, r]));
  return new Map(detectors.map((d) => [d.id, effective(d, byId.get(d.id))]));
}

const CACHE_MS = 10_000;
let cache: { at: number; value: Promise<Map<string, EffectiveSetting>> } | undefined;

/** Settings for the ingest hot path: read at most every CACHE_MS per process. */
export function cachedSettings(db: Runner, detectors: readonly DetectorInfo[]): Promise<Map<string, EffectiveSetting>> {
  if (!cache || Date.now() - cache.at > CACHE_MS) {
    cache = { at: Date.now(), value: readSettings(db, detectors) };
    cache.value.catch(() => (cache = undefined));
  }
  return cache.value;
}

export function clearSettingsCache(): void {
  cache = undefined;
}
