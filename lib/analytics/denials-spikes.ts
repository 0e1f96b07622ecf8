// Pure rules for reading denials: when an hour is a spike, when a spike is probing, and how an
// identity's denial rate compares with its own history. SQL supplies the numbers; these decide.
// Client-safe.

/** An hour needs more than this many denials to be a spike, however quiet the identity is. */
export const SPIKE_FLOOR = 10;
/** …and more than this multiple of the identity's median hourly denials. */
export const SPIKE_FACTOR = 5;
/** A spike that touches at least this many distinct resources reads as probing. */
export const PROBING_MIN_RESOURCES = 10;

/** Median as PostgreSQL's percentile_cont(0.5): the mean of the two middle values when even. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const xs = [...values].sort((a, b) => a - b);
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Denials an hour must exceed to be a spike: max(SPIKE_FLOOR, SPIKE_FACTOR × median). */
export function spikeThreshold(medianHourlyDenials: number): number {
  return Math.max(SPIKE_FLOOR, SPIKE_FACTOR * medianHourlyDenials);
}

export function isSpike(hourDenials: number, medianHourlyDenials: number): boolean {
  return hourDenials > spikeThreshold(medianHourlyDenials);
}

export type SpikeKind = "probing" | "spike";

/** Many distinct resources refused within one hour: someone is walking the API, not retrying. */
export function spikeKind(distinctResources: number): SpikeKind {
  return distinctResources >= PROBING_MIN_RESOURCES ? "probing" : "spike";
}

export type RateSample = { denials: number; events: number };

export type BaselineComparison = {
  rate: number;
  /** null when the baseline windows hold fewer than MIN_BASELINE_EVENTS events. */
  baselineRate: number | null;
  /** rate ÷ baselineRate; null when there is no history or the baseline had no denials. */
  ratio: number | null;
  /** Denials beyond what the baseline rate predicts for this window's events (≥ 0). */
  excess: number;
  trend: "no-history" | "new" | "up" | "steady" | "down";
};

/** Rising by at least this factor reads as "up"; falling to below its inverse reads as "down". */
export const TREND_FACTOR = 2;
/** A baseline of fewer events than this is too thin to compare a rate with. */
export const MIN_BASELINE_EVENTS = 20;

export function compareToBaseline(current: RateSample, baseline: RateSample): BaselineComparison {
  const rate = current.events > 0 ? current.denials / current.events : 0;
  if (baseline.events < MIN_BASELINE_EVENTS) {
    return { rate, baselineRate: null, ratio: null, excess: current.denials, trend: "no-history" };
  }
  const baselineRate = baseline.denials / baseline.events;
  const excess = Math.max(0, current.denials - baselineRate * current.events);
  if (baselineRate === 0) {
    return { rate, baselineRate, ratio: null, excess, trend: current.denials > 0 ? "new" : "steady" };
  }
  const ratio = rate / baselineRate;
  const trend = ratio >= TREND_FACTOR ? "up" : ratio <= 1 / TREND_FACTOR ? "down" : "steady";
  return { rate, baselineRate, ratio, excess, trend };
}
