// Reading a window of hours from daily rollups without losing exactness: whole UTC days come from
// the daily table, and only the days that contain an edge of the window (or another boundary a
// query filters on) are read hour by hour. No daily row then straddles a boundary.

export const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a UTC day: sent to SQL as text so no session time zone can shift it. */
export const isoDay = (day: Date | number): string => new Date(day).toISOString().slice(0, 10);

/** The first UTC day of a window of `days` whole days ending with (and including) `today`. */
export const windowStart = (today: Date, days: number): Date => new Date(today.getTime() - (days - 1) * DAY_MS);

/** Midnight UTC of the day `t` falls in. */
export function utcDay(t: Date): Date {
  return new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
}

export type DaySplit = {
  /** First and last UTC day the window [from, to) touches (inclusive). */
  firstDay: Date;
  lastDay: Date;
  /** Days to read hour by hour (YYYY-MM-DD, ascending): those holding `from`, `to` or a boundary. */
  hourlyDays: string[];
};

export function daySplit(from: Date, to: Date, boundaries: Date[] = []): DaySplit {
  const lastHour = new Date(to.getTime() - 1);
  const hourlyDays = [...new Set([from, lastHour, ...boundaries].map((b) => utcDay(b).getTime()))]
    .sort((a, b) => a - b)
    .map(isoDay);
  return { firstDay: utcDay(from), lastDay: utcDay(lastHour), hourlyDays };
}
