// Where the identity acts from: source IPs and user agents with first / last seen and a count;
// values first seen in the last week are marked "new" (a replayed or shared credential shows up
// here first).
import { EmptyState } from "@/components/ui/panels";
import { RelativeTime } from "@/components/ui/relative-time";
import { NEW_SOURCE_DAYS, SOURCES_LOOKBACK_DAYS, type IdentitySources, type SourceSeen } from "@/lib/identities/sources";
import { NewBadge } from "../trails/event-badges";
import { fmt, plural, utc } from "../trails/format";
import styles from "./identity.module.css";

function SourceTable({ title, rows, more, mono }: { title: string; rows: SourceSeen[]; more: number; mono?: boolean }) {
  const fresh = rows.filter((r) => r.isNew).length;
  return (
    <div className="panel">
      <table className={styles.table}>
        <caption>
          <strong style={{ color: "var(--text)" }}>{title}</strong> · {plural(rows.length + more, "distinct value")}
          {fresh ? `, ${fmt(fresh)} new` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">{title.replace(/s$/, "")}</th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
            <th scope="col" className={styles.num}>
              Events
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.value} data-flag={r.isNew ? "" : undefined}>
              <th scope="row">
                <span className={mono ? styles.mono : undefined}>{r.value}</span> {r.isNew ? <NewBadge title={`First seen ${utc(r.firstSeenAt)}`} /> : null}
              </th>
              <td className={styles.nowrap}>
                <RelativeTime iso={r.firstSeenAt} />
              </td>
              <td className={styles.nowrap}>
                <RelativeTime iso={r.lastSeenAt} />
              </td>
              <td className={styles.num}>{fmt(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p className={styles.panelNote}>{plural(more, "less recent value")} not listed.</p> : null}
    </div>
  );
}

export async function SourcesPanel({ sources }: { sources: Promise<IdentitySources> }) {
  const s = await sources;
  return (
    <section className="section" aria-labelledby="sources-heading" id="sources">
      <div className={styles.sectionHead}>
        <h2 id="sources-heading">
          Source IPs and user agents{" "}
          <span className={styles.sectionNote}>
            last {SOURCES_LOOKBACK_DAYS} days; &ldquo;New&rdquo; = first seen in the last {NEW_SOURCE_DAYS} days
          </span>
        </h2>
      </div>
      {s.ips.length === 0 && s.userAgents.length === 0 ? (
        <div className="panel">
          <EmptyState title={`No events in the last ${SOURCES_LOOKBACK_DAYS} days`}>
            <p>This identity has not acted recently, so there is no source to show. A dormant identity is a candidate for removal.</p>
          </EmptyState>
        </div>
      ) : (
        <div className={styles.pairs}>
          <SourceTable title="Source IPs" rows={s.ips} more={s.moreIps} mono />
          <SourceTable title="User agents" rows={s.userAgents} more={s.moreUserAgents} />
        </div>
      )}
    </section>
  );
}
