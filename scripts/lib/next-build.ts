// Builds the Next.js app when the build is missing or older than the sources it came from.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "proxy.ts", "next.config.ts", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "generated", "scratch"]);

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(p)) if (!SKIP.has(e)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

export function buildIsStale(): boolean {
  const id = `${process.env.WARDEN_NEXT_DIST_DIR ?? ".next"}/BUILD_ID`;
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

export function nextBin(): string {
  return path.resolve("node_modules/next/dist/bin/next");
}

export function buildNext(env: NodeJS.ProcessEnv): void {
  const res = spawnSync(process.execPath, [nextBin(), "build"], { env, stdio: "inherit" });
  if (res.status !== 0) throw new Error("`next build` failed (see the output above)");
}
