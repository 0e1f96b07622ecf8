// The three "most denied" lists (identities, scopes, resources), each row opening the matching
// denials in the event explorer. Resources come from raw events, hence their own span.
import { KIND_LABELS } from "@/components/inventory/labels";
import type { IdentityDenials, TopEntry } from "@/lib/analytics/denials";
import type { DenialSpan } from "@/lib/analytics/denials-params";
import { eventsHref } from "@/lib/events/filters";
import styles from "./denials.module.css";
import { formatRate, plural } from "./format";
import { TopList } from "./top-list";

type Props = {
  identities: IdentityDenials[];
  scopes: TopEntry[];
  resources: TopEntry[];
  span: DenialSpan;
  windowLabel: string;
  /** "last 7 days" or "last 7 days of the window": the span the raw-event lists cover. */
  rawNote: string;
};

/** Rows of a scope or resource list; `href` opens that key's denials in the explorer. */
function entryRows(entries: TopEntry[], href: (key: string) => string) {
  return entries.map((s) => ({
    key: s.key,
    label: <span className="mono">{s.key}</span>,
    title: s.key,
    denials: s.denials,
    share: s.denials / entries[0].denials,
    detail: `${plural(s.identities, "identity", "identities")} · ${formatRate(s.share)} of denials`,
    href: href(s.key),
  }));
}

export function DenialTops({ identities, scopes, resources, span, windowLabel, rawNote }: Props) {
  return (
  <div className={styles.tops}>
    <section className="panel" aria-labelledby="top-identities-heading">
      <div className="panel-header">
        <h2 id="top-identities-heading">Most denied identities</h2>
        <p>Last {windowLabel}</p>
      </div>
      <div className="panel-body">
        <TopList
          caption={`Identities with the most denials in the last ${windowLabel}`}
          noun="identity"
          rows={identities.slice(0, 10).map((r) => ({
            key: r.id,
            label: r.name,
            title: r.externalId,
            denials: r.denials,
            share: r.denials / identities[0].denials,
            detail: `${KIND_LABELS[r.kind]} · ${formatRate(r.comparison.rate)} of its events`,
            href: eventsHref({ decision: "deny", identity: r.externalId, from: span.from, to: span.to }),
          }))}
        />
      </div>
    </section>
    <section className="panel" aria-labelledby="top-scopes-heading">
      <div className="panel-header">
        <h2 id="top-scopes-heading">Most denied scopes</h2>
        <p>Last {windowLabel}</p>
      </div>
      <div className="panel-body">
        <TopList
          caption={`Scopes with the most denials in the last ${windowLabel}`}
          noun="scope"
          rows={entryRows(scopes, (key) => eventsHref({ decision: "deny", scope: key, from: span.from, to: span.to }))}
        />
      </div>
    </section>
    <section className="panel" aria-labelledby="top-resources-heading">
      <div className="panel-header">
        <h2 id="top-resources-heading">Most denied resources</h2>
        <p>{rawNote[0].toUpperCase() + rawNote.slice(1)}</p>
      </div>
      <div className="panel-body">
        <TopList
          caption={`Resources with the most denials in the ${rawNote}`}
          noun="resource"
          rows={entryRows(resources, (key) => eventsHref({ decision: "deny", resource: key, from: span.rawFrom, to: span.to }))}
        />
      </div>
    </section>
  </div>
  );
}
