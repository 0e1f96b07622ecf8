// The event stream, hour by hour over the window, as COPY text chunks. Each hour gets a share of
// the background events proportional to the summed rhythm weights of all workloads in it; the
// error of one hour carries into the next and the last hour fills the exact total. Activities in
// an hour are generated in time order (so sessions open before they are used), then merged with
// the scripted story events and sorted, which keeps each daily partition in time order (BRIN).
// Hours never straddle a UTC day when `now` is on the hour (the default); otherwise an hour's
// rows go to the partition of its start and COPY falls back to routing through the parent.
import type { Rng } from "../rng";
import { activity } from "./activity";
import type { EventFactory } from "./factory";
import { DAY_MS, HOUR_MS, burst, rhythmWeight } from "./rhythm";
import { copyLine, type EventRow } from "./row";
import { pickCum, type Runtime } from "./runtime";

export interface GenerateInput {
  runtimes: Runtime[];
  factory: EventFactory;
  rng: Rng;
  seed: number;
  now: number;
  days: number;
  /** Exact number of events to produce, story events included. */
  total: number;
  storyEvents: EventRow[];
  onHour?: (rowsSoFar: number) => void;
}

const SAFE_END_MS = 3_000; // an activity's chain lasts < 2 s: keep it inside its hour

function weightAt(rt: Runtime, seed: number, h: number, hourStart: number): number {
  const p = rt.plan;
  if (p.weight === 0 || (p.activeFrom !== undefined && hourStart < p.activeFrom)) return 0;
  return p.weight * rhythmWeight(p.rhythm, p.tz, hourStart) * burst(p.rhythm, seed, rt.idx, h);
}

function byTime(a: EventRow, b: EventRow): number {
  return a.t - b.t;
}

/** One hour of COPY text, with the UTC day (ms) whose partition it belongs to. */
export interface Chunk {
  day: number;
  text: string;
}

export function* generateChunks(input: GenerateInput): Generator<Chunk> {
  const { runtimes, factory, rng, seed, now, days, total } = input;
  const hours = days * 24;
  const start = now - hours * HOUR_MS;
  const story = [...input.storyEvents].sort(byTime);
  const background = total - story.length;
  if (background < 0) throw new Error(`events must be at least ${story.length} (the scripted story events)`);

  const hourTotals = new Float64Array(hours);
  let sum = 0;
  for (let h = 0; h < hours; h++) {
    let w = 0;
    for (const rt of runtimes) w += weightAt(rt, seed, h, start + h * HOUR_MS);
    hourTotals[h] = w;
    sum += w;
  }
  if (sum === 0 && background > 0) throw new Error("no identity is active in the window");

  const cum = new Float64Array(runtimes.length);
  let cumShare = 0;
  let produced = 0;
  let rows = 0;
  let ratio = 2; // events per activity, learnt as we go
  let si = 0;
  for (let h = 0; h < hours; h++) {
    const hs = start + h * HOUR_MS;
    const last = h === hours - 1;
    cumShare += hourTotals[h];
    const target = last ? background : Math.round((background * cumShare) / sum);
    const budget = target - produced;
    const events: EventRow[] = [];
    if (budget > 0 && hourTotals[h] > 0) {
      let acc = 0;
      runtimes.forEach((rt, i) => (cum[i] = acc += weightAt(rt, seed, h, hs)));
      const draw = (count: number) => {
        const times = new Float64Array(count);
        for (let i = 0; i < count; i++) times[i] = hs + rng.next() * (HOUR_MS - SAFE_END_MS);
        times.sort();
        for (const t of times) activity(factory, runtimes[pickCum(cum, rng.next())], Math.floor(t), events);
      };
      const planned = Math.max(1, Math.round(budget / ratio));
      draw(planned);
      ratio = 0.8 * ratio + 0.2 * (events.length / planned);
      if (last) {
        // Exact total: top up, then drop the latest events (children always follow their parent).
        while (events.length < budget) draw(Math.max(1, Math.ceil((budget - events.length) / ratio)));
        events.sort(byTime);
        events.length = budget;
      }
    }
    produced += events.length;
    const he = hs + HOUR_MS;
    while (si < story.length && story[si].t < he) events.push(story[si++]);
    if (events.length === 0) continue;
    events.sort(byTime);
    const lines = new Array<string>(events.length);
    for (let i = 0; i < events.length; i++) lines[i] = copyLine(events[i]);
    rows += events.length;
    input.onHour?.(rows);
    yield { day: Math.floor(hs / DAY_MS) * DAY_MS, text: lines.join("") };
  }
  if (si < story.length) throw new Error("story events fall outside the window");
}
