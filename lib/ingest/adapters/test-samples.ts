// Test helper: the third-party audit-log samples in ../shared/samples and the expected counts the
// dataset curators wrote in its README (the independent expectation for adapter tests).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { readRecordsFromFile } from "../decode";

/** `WARDEN_SAMPLES_DIR`, else `../shared/samples` next to the repository (as in CI). */
export function samplesDir(): string {
  const dir = process.env.WARDEN_SAMPLES_DIR ?? path.resolve(process.cwd(), "../shared/samples");
  if (!existsSync(path.join(dir, "README.md"))) {
    throw new Error(`audit-log samples not found in ${dir}; set WARDEN_SAMPLES_DIR to the samples directory`);
  }
  return dir;
}

export interface ManifestRow {
  file: string;
  events: number;
  principals: number;
  denied: number;
}

/** The README's per-file manifest: file (relative to samples/) → events, distinct principals, denied. */
export function manifest(): Map<string, ManifestRow> {
  const readme = readFileSync(path.join(samplesDir(), "README.md"), "utf8");
  const rows = new Map<string, ManifestRow>();
  const line = /^\| `([^`]+)` \| [^|]+ \| [^|]+ \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| [\d,]+ \|/gm;
  const n = (s: string) => Number(s.replace(/,/g, ""));
  for (const m of readme.matchAll(line)) rows.set(m[1], { file: m[1], events: n(m[2]), principals: n(m[3]), denied: n(m[4]) });
  return rows;
}

/** Files of a sample directory (recursively), relative to samples/, sorted. */
export function sampleFiles(group: string, pattern = /\.(json|log|parquet)$/): string[] {
  return readdirSync(path.join(samplesDir(), group), { recursive: true })
    .map((f) => path.join(group, String(f)))
    .filter((f) => pattern.test(f))
    .sort();
}

export async function loadRecords(file: string): Promise<unknown[]> {
  const records: unknown[] = [];
  for await (const record of readRecordsFromFile(path.join(samplesDir(), file))) records.push(record);
  return records;
}

/** JSON access for the tests' independent re-computations: pick(r, "a", "b") is r?.a?.b. */
export function pick(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const key of keys) cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[key] : undefined;
  return cur;
}

/** A non-empty string or undefined. */
export function text(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
