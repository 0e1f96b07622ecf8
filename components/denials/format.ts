// Shared wording for the denials views. Client-safe.
const fmt = new Intl.NumberFormat("en-US");

export const formatCount = (n: number): string => fmt.format(n);

/** 0.0123 → "1.23%"; small rates keep two decimals so that they do not all read "0.0%". */
export function formatRate(r: number): string {
  if (r === 0) return "0%";
  const pct = r * 100;
  return `${pct.toFixed(pct < 1 ? 2 : 1)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmt.format(n)} ${n === 1 ? one : many}`;
}
