// Hours in which an identity's denials broke well past its own normal, newest first. A spike over
// many distinct resources is labelled probing: that is someone walking the API, not a retry loop.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { KIND_LABELS } from "@/components/inventory/labels";
import type { DenialSpike } from "@/lib/analytics/denials";
import { addHours } from "@/lib/analytics/denials-params";
import { eventsHref } from "@/lib/events/filters";
import { PROBING_MIN_RESOURCES, SPIKE_FACTOR, SPIKE_FLOOR } from "@/lib/analytics/denials-spikes";
import { bucketLabel } from "@/components/charts/denial-buckets";
import styles from "./denials.module.css";
import { formatCount, plural } from "./format";

/** Spike hours listed in full; a 30-day window on a large estate can hold hundreds. */
export const SPIKES_SHOWN = 12;

export function SpikeList({ spikes, windowLabel, trailsAll }: { spikes: DenialSpike[]; windowLabel: string; trailsAll?: string }) {
  const rule = (
    <p className={styles.rule}>
      A spike is an hour with more than max({SPIKE_FLOOR}, {SPIKE_FACTOR} × the identity&apos;s median hourly denials);
      one that reaches {PROBING_MIN_RESOURCES} or more distinct resources is labelled <strong>probing</strong>.
    </p>
  );
  if (spikes.length === 0) {
    return (
      <div className={styles.noSpikes}>
        <p>
          <strong>No denial spikes in the last {windowLabel}.</strong> No identity broke past its own hourly norm.
        </p>
        {rule}
      </div>
    );
  }
  // Probing first (someone walking the API), then the newest; the rest are counted, not listed.
  const shown = [...spikes].sort((a, b) => Number(b.kind === "probing") - Number(a.kind === "probing")).slice(0, SPIKES_SHOWN);
  const hidden = spikes.length - shown.length;
  return (
    <>
      <ul className={styles.spikes}>
        {shown.map((s) => {
          const to = addHours(s.hour, 1);
          return (
            <li key={`${s.identity.id}-${s.hour}`} className={s.kind === "probing" ? styles.probing : styles.spike}>
              <div className={styles.spikeHead}>
                <Badge tone={s.kind === "probing" ? "danger" : "warning"}>{s.kind === "probing" ? "Probing" : "Spike"}</Badge>
                <span className={styles.spikeName}>{s.identity.name}</span>
                <span className="subtle">{KIND_LABELS[s.identity.kind]}</span>
              </div>
              <p>
                <strong>{plural(s.denials, "denial")}</strong> in one hour ({bucketLabel(s.hour, 1)}) across{" "}
                <strong>{plural(s.distinctResources, "resource")}</strong> and {plural(s.distinctScopes, "scope")}.
              </p>
              <p className="subtle">
                Spike threshold {formatCount(s.threshold)} (usual: median {formatCount(s.medianHourly)} per active hour).
              </p>
              <p>
                <Link href={eventsHref({ decision: "deny", identity: s.identity.externalId, from: new Date(s.hour), to: new Date(to) })}>
                  Open these {formatCount(s.denials)} denials in Trails <span aria-hidden="true">→</span>
                </Link>
              </p>
            </li>
          );
        })}
      </ul>
      {hidden > 0 ? (
        <p className={styles.note}>
          {plural(hidden, "more spike hour")} in the last {windowLabel} are marked on the chart below
          {trailsAll ? (
            <>
              ; <Link href={trailsAll}>open every denial of the window in Trails</Link>
            </>
          ) : null}
          .
        </p>
      ) : null}
      {rule}
    </>
  );
}
