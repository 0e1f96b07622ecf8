// Each denied identity's rate in the window against its own rate over the preceding windows:
// a workload that is always refused 5 % of the time is not news; one that jumped from 0.1 % is.
// Spiking identities first, then by excess denials (beyond what its baseline rate predicts).
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { KIND_LABELS } from "@/components/inventory/labels";
import type { DenialSpike, IdentityDenials } from "@/lib/analytics/denials";
import type { DenialSpan } from "@/lib/analytics/denials-params";
import { eventsHref } from "@/lib/events/filters";
import type { BaselineComparison } from "@/lib/analytics/denials-spikes";
import styles from "./denials.module.css";
import { formatCount, formatRate } from "./format";

export const BASELINE_ROWS = 25;
/** First-ever denials get a warning badge from this many on. */
const NEW_ALARM = 5;

function Change({ c, baselineEvents }: { c: BaselineComparison; baselineEvents: number }) {
  switch (c.trend) {
    case "no-history":
      return <span className="subtle">{baselineEvents === 0 ? "No earlier events" : `Too little history (${baselineEvents} events)`}</span>;
    case "new":
      // One or two first-ever denials are worth a look, not an alarm.
      return c.excess >= NEW_ALARM ? <Badge tone="warning">New: none before</Badge> : <span>New: none before</span>;
    case "up":
      return (
        <span className={styles.up}>
          <span aria-hidden="true">▲ </span>
          {c.ratio! >= 10 ? Math.round(c.ratio!) : c.ratio!.toFixed(1)}× baseline
        </span>
      );
    case "down":
      return (
        <span className={styles.down}>
          <span aria-hidden="true">▼ </span>
          {c.ratio!.toFixed(2)}× baseline
        </span>
      );
    default:
      return <span className="subtle">About the same</span>;
  }
}

export function rankIdentities(rows: IdentityDenials[], spikes: DenialSpike[]): IdentityDenials[] {
  const worst = new Map<string, number>();
  for (const s of spikes) worst.set(s.identity.id, Math.max(worst.get(s.identity.id) ?? 0, s.kind === "probing" ? 2 : 1));
  return [...rows].sort(
    (a, b) =>
      (worst.get(b.id) ?? 0) - (worst.get(a.id) ?? 0) ||
      b.comparison.excess - a.comparison.excess ||
      b.denials - a.denials ||
      a.name.localeCompare(b.name),
  );
}

export function BaselineTable({ rows, spikes, span }: { rows: IdentityDenials[]; spikes: DenialSpike[]; span: DenialSpan }) {
  const ranked = rankIdentities(rows, spikes).slice(0, BASELINE_ROWS);
  const spikeOf = new Map<string, DenialSpike>();
  for (const s of spikes) if (!spikeOf.has(s.identity.id) || s.kind === "probing") spikeOf.set(s.identity.id, s);
  return (
    <div className={styles.scroll}>
      <table className={styles.baseline}>
        <caption className="visually-hidden">
          Denial rate per identity in this window compared with its own rate over the four windows before
        </caption>
        <thead>
          <tr>
            <th scope="col">Identity</th>
            <th scope="col" className={styles.num}>
              Denials
            </th>
            <th scope="col" className={styles.num}>
              Events
            </th>
            <th scope="col" className={styles.num}>
              Denial rate
            </th>
            <th scope="col" className={styles.num}>
              Baseline rate
            </th>
            <th scope="col">Change</th>
            <th scope="col" className={styles.num}>
              <abbr title="Denials beyond what the baseline rate predicts for this window's events">Excess</abbr>
            </th>
            <th scope="col">Spike</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((r) => {
            const spike = spikeOf.get(r.id);
            return (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={eventsHref({ decision: "deny", identity: r.externalId, from: span.from, to: span.to })} className={styles.idLink}>
                    {r.name}
                  </Link>
                  <span className={styles.topDetail}>{KIND_LABELS[r.kind]}</span>
                </th>
                <td className={styles.num}>{formatCount(r.denials)}</td>
                <td className={styles.num}>{formatCount(r.events)}</td>
                <td className={styles.num}>{formatRate(r.comparison.rate)}</td>
                <td className={styles.num}>
                  {r.comparison.baselineRate === null ? <span className="subtle">—</span> : formatRate(r.comparison.baselineRate)}
                </td>
                <td>
                  <Change c={r.comparison} baselineEvents={r.baseline.events} />
                </td>
                <td className={styles.num}>{formatCount(Math.round(r.comparison.excess))}</td>
                <td>
                  {spike ? (
                    <Link
                      href={eventsHref({ decision: "deny", identity: r.externalId, from: new Date(spike.hour), to: new Date(Date.parse(spike.hour) + 3_600_000) })}
                      aria-label={`${spike.kind === "probing" ? "Probing" : "Spike"}: ${spike.denials} denials in one hour, open in Trails`}
                    >
                      <Badge tone={spike.kind === "probing" ? "danger" : "warning"}>{spike.kind === "probing" ? "Probing" : "Spike"}</Badge>
                    </Link>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
