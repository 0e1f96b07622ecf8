// UTC labels for hourly chart data. Warden shows UTC everywhere times are compared across teams.
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const fmt = new Intl.NumberFormat("en-US");

export const formatCount = (n: number): string => fmt.format(n);

/** "Tue 14:00 UTC" */
export function hourLabel(iso: string): string {
  const d = new Date(iso);
  return `${DAYS[d.getUTCDay()]} ${iso.slice(11, 16)} UTC`;
}

/** "Tue 18 Nov" */
export function dayLabel(iso: string): string {
  const d = new Date(iso);
  const month = d.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${month}`;
}
