// How far a new source is from the ones a credential used before: for IPs the longest shared
// network prefix (same /24, same /16, or unrelated, with private ↔ public switches called out);
// for user agents the product token (same client at another version, or another client).
import ipaddr from "ipaddr.js";

export type Distance = { level: "same" | "near" | "far" | "unrelated"; label: string };

function parse(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    const a = ipaddr.parse(ip);
    return a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
  } catch {
    return null;
  }
}

const isPrivate = (a: ipaddr.IPv4 | ipaddr.IPv6) => a.range() !== "unicast";

export function ipDistance(value: string, known: readonly string[]): Distance {
  const a = parse(value);
  if (!a) return { level: "far", label: "not an IP address Warden can compare" };
  let best = 0;
  let nearest: string | undefined;
  let privateBefore = false;
  for (const k of known) {
    const b = parse(k);
    if (!b || b.kind() !== a.kind()) continue;
    privateBefore ||= isPrivate(b);
    const bits = a.kind() === "ipv4" ? 32 : 128;
    let prefix = 0;
    while (prefix < bits && a.match(b, prefix + 1)) prefix++;
    if (prefix > best) [best, nearest] = [prefix, k];
  }
  if (best === (a.kind() === "ipv4" ? 32 : 128)) return { level: "same", label: "already known" };
  const switchNote = privateBefore && !isPrivate(a) ? "; a public address where only private ones were seen" : "";
  if (a.kind() === "ipv4" && best >= 24) return { level: "near", label: `same /24 as ${nearest}` };
  if (a.kind() === "ipv4" && best >= 16) return { level: "far", label: `same /16 as ${nearest}${switchNote}` };
  return { level: "unrelated", label: `no shared network with ${known.length} known address${known.length === 1 ? "" : "es"}${switchNote}` };
}

/** "python-requests/2.31.0" → "python-requests". */
const product = (ua: string) => ua.trim().split(/[\s/;(]/)[0].toLowerCase();

export function uaDistance(value: string, known: readonly string[]): Distance {
  if (known.includes(value)) return { level: "same", label: "already known" };
  const p = product(value);
  const sameProduct = known.find((k) => product(k) === p);
  if (sameProduct) return { level: "near", label: `same client as "${sameProduct}", another version` };
  return { level: "unrelated", label: `another client than the ${known.length} known (${known.slice(0, 2).map(product).join(", ")})` };
}
