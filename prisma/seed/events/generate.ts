// The event stream, hour by hour over the window, as COPY text chunks. Each hour gets a share of
// the background events proportional to the summed rhythm weights of all workloads in it; the
// error of one hour carries into the next and the last hour fills the exact total. Activities in
// an hour are generated in time order (so sessions open before they are used) and merged with the
// scripted story events, which keeps each daily partition in time order (BRIN).
// `now` is on the hour, so no hour straddles two UTC days (two daily partitions).
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

/** `count` uniform activity start times in the hour, ascending, whole milliseconds. */
function times(rng: Rng, hs: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(hs + rng.next() * (HOUR_MS - SAFE_END_MS));
  return out.sort();
}

/** Up to ~1 MB of COPY text (UTF-8), all of one UTC day (ms), i.e. of one daily partition. */
export interface Chunk {
  day: number;
  data: Buffer;
  rows: number;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Lines are written straight into a Buffer: about half the cost of joining strings and encoding
 * them afterwards, and nothing for the garbage collector to promote.
 */
class ChunkWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private off = 0;
  rows = 0;

  get full(): boolean {
    return this.off >= CHUNK_BYTES - 64 * 1024;
  }

  push(line: string): void {
    if (this.off + line.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.off + line.length * 3));
      this.buf.copy(bigger, 0, 0, this.off);
      this.buf = bigger;
    }
    this.off += this.buf.write(line, this.off);
    this.rows++;
  }

  take(day: number): Chunk {
    const chunk = { day, data: this.buf.subarray(0, this.off), rows: this.rows };
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.off = 0;
    this.rows = 0;
    return chunk;
  }
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
  const lines = new ChunkWriter();
  const buf: EventRow[] = [];
  for (let h = 0; h < hours; h++) {
    const hs = start + h * HOUR_MS;
    const he = hs + HOUR_MS;
    const day = Math.floor(hs / DAY_MS) * DAY_MS;
    const last = h === hours - 1;
    cumShare += hourTotals[h];
    const budget = (last ? background : Math.round((background * cumShare) / sum)) - produced;
    if (budget > 0 && hourTotals[h] > 0) {
      let acc = 0;
      runtimes.forEach((rt, i) => (cum[i] = acc += weightAt(rt, seed, h, hs)));
      const planned = Math.max(1, Math.round(budget / ratio));
      if (!last) {
        // Activities in time order, written as soon as they are made: the objects die young.
        // Lines are in time order up to the < 2 s an activity spans — close enough for BRIN.
        let made = 0;
        for (const t of times(rng, hs, planned)) {
          while (si < story.length && story[si].t <= t) lines.push(copyLine(story[si++]));
          activity(factory, runtimes[pickCum(cum, rng.next())], t, buf);
          made += buf.length;
          for (const e of buf) lines.push(copyLine(e));
          buf.length = 0;
          if (lines.full) {
            rows += lines.rows;
            yield lines.take(day);
          }
        }
        produced += made;
        ratio = 0.8 * ratio + 0.2 * (made / planned);
      } else {
        // Exact total: top up, sort, drop the latest events (children always follow their parent).
        let count = planned;
        for (let round = 0; buf.length < budget; round++) {
          if (round > 1_000) throw new Error("cannot fill the last hour: no active workload produces events");
          for (const t of times(rng, hs, count)) activity(factory, runtimes[pickCum(cum, rng.next())], t, buf);
          count = Math.max(1, Math.ceil((budget - buf.length) / ratio));
        }
        buf.sort(byTime);
        buf.length = budget;
        produced += budget;
        while (si < story.length && story[si].t < he) buf.push(story[si++]);
        buf.sort(byTime);
        for (const e of buf) lines.push(copyLine(e));
        buf.length = 0;
      }
    }
    while (si < story.length && story[si].t < he) lines.push(copyLine(story[si++]));
    if (lines.rows) {
      rows += lines.rows;
      yield lines.take(day);
    }
    input.onHour?.(rows);
  }
  if (si < story.length) throw new Error("story events fall outside the window");
}
