// Server-safe formatting (the client RelativeTime module cannot be called from server components).

/** `2026-11-21 03:04:02 UTC` from an ISO string (microseconds and all). */
export function utc(iso: string, withSeconds = true): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)} UTC`;
}

/** `2026-11-21 03:04:02.892` (for event times, where the order within a second matters). */
export function utcMillis(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

const num = new Intl.NumberFormat("en-US");
export const fmt = (n: number): string => num.format(n);

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

/** "42 min", "3 h 5 min", "2 d 4 h": spans of a session. */
export function span(fromIso: string, toIso: string): string {
  const s = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (s < 1) return "under 1 s";
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
