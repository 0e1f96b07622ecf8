// Daily and weekly rhythms: how busy a workload is in a given hour, in its team's local time.
// Services run around the clock with a daytime swell, office-bound keys and humans follow
// weekdays 08–18, CI bursts around pushes, batch jobs run at night, agents mostly by day.
import { hash32 } from "../rng";
import type { Rhythm } from "../types";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function rhythmWeight(rhythm: Rhythm, tz: number, hourStart: number): number {
  const local = hourStart + tz * HOUR_MS;
  const lh = Math.floor(local / HOUR_MS) % 24;
  const dow = (Math.floor(local / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const weekend = dow === 0 || dow === 6;
  const office = lh >= 8 && lh < 18;
  switch (rhythm) {
    case "service":
      return (lh >= 7 && lh < 22 ? 1 : 0.55) * (weekend ? 0.75 : 1);
    case "office":
      return weekend ? 0.01 : office ? (lh === 10 || lh === 14 ? 1.3 : 1) : 0.03;
    case "office-strict":
      return !weekend && office ? 1 : 0;
    case "ci":
      return weekend ? 0.05 : lh >= 8 && lh < 19 ? 1 : 0.08;
    case "batch":
      return lh >= 1 && lh < 5 ? 6 : 0.2;
    case "agent":
      return weekend ? 0.3 : lh >= 8 && lh < 20 ? 1 : 0.25;
    case "human":
      return weekend ? 0.01 : lh >= 9 && lh < 18 ? 1 : 0.02;
  }
}

/** CI pushes and agent runs come in bursts: some hours are several times busier than usual. */
export function burst(rhythm: Rhythm, seed: number, identityIdx: number, hourIndex: number): number {
  if (rhythm !== "ci" && rhythm !== "agent") return 1;
  const h = hash32(seed ^ identityIdx, hourIndex);
  return h % 100 < 18 ? 3 + (h >>> 8) % 7 : 1;
}
