// The queue's table: server-rendered rows, sortable headers as links (the URL keeps the order),
// previous / next pages. Every cell a security analyst scans first: severity, what, who, since when.
import Link from "next/link";
import { findingsHref, type FindingFilters, type FindingSort } from "@/lib/findings/filters";
import type { FindingView } from "@/lib/findings/finding-sql";
import { EmptyState } from "../ui/panels";
import { ReferenceTimeProvider, RelativeTime } from "../ui/relative-time";
import { FindingStatusBadge, SeverityBadge } from "./finding-badges";
import styles from "./findings.module.css";

const fmt = new Intl.NumberFormat("en-US");

function SortHeader({ label, sort, filters, num }: { label: string; sort: FindingSort; filters: FindingFilters; num?: boolean }) {
  const active = filters.sort === sort;
  const dir = active && filters.dir === "desc" ? "asc" : "desc";
  return (
    <th scope="col" className={num ? styles.num : undefined} aria-sort={active ? (filters.dir === "asc" ? "ascending" : "descending") : "none"}>
      <Link href={findingsHref({ ...filters, sort, dir, page: 1 })}>{label}{active ? (filters.dir === "asc" ? " ↑" : " ↓") : ""}</Link>
    </th>
  );
}

export function FindingsTable({ rows, total, filters, now, filtered }: { rows: FindingView[]; total: number; filters: FindingFilters; now: string; filtered: boolean }) {
  const first = (filters.page - 1) * filters.pageSize + 1;
  const last = first + rows.length - 1;
  const pages = Math.max(1, Math.ceil(total / filters.pageSize));
  return (
    <ReferenceTimeProvider now={now}>
      <section className="panel section" aria-labelledby="queue-title">
        <div className="panel-header">
          <h2 id="queue-title">Queue</h2>
          <p aria-live="polite">{total === 0 ? "No findings" : `Showing ${fmt.format(first)}–${fmt.format(last)} of ${fmt.format(total)}`}</p>
        </div>
        {rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No findings match these filters"><Link href="/findings">Clear filters</Link></EmptyState>
          ) : (
            <EmptyState title="Nothing needs attention">
              <p>No open findings. Detectors run on every ingest batch and on a schedule; resolved and suppressed findings are under <Link href={findingsHref({ status: "all" })}>any status</Link>.</p>
            </EmptyState>
          )
        ) : (
          <div className={styles.scroll}>
            <table className={styles.table}>
              <caption className="visually-hidden">Findings matching the current filters</caption>
              <thead>
                <tr>
                  <SortHeader label="Severity" sort="severity" filters={filters} />
                  <th scope="col">Finding</th>
                  <th scope="col">Identity</th>
                  <th scope="col">Status</th>
                  <th scope="col">Assignee</th>
                  <SortHeader label="Count" sort="occurrences" filters={filters} num />
                  <SortHeader label="First seen" sort="firstSeen" filters={filters} />
                  <SortHeader label="Last seen" sort="lastSeen" filters={filters} />
                </tr>
              </thead>
              <tbody>
                {rows.map((f) => (
                  <tr key={f.id}>
                    <td><SeverityBadge severity={f.severity} /></td>
                    <td>
                      <Link href={`/findings/${f.id}`} className={styles.title}>{f.title}</Link>
                      <span className={styles.sub}>{f.detector}</span>
                    </td>
                    <td>{f.identity ? <Link href={`/identities/${f.identity.id}`}>{f.identity.name}</Link> : <span className="subtle">—</span>}
                      {f.identity ? <span className={styles.sub}>{f.identity.environment}</span> : null}</td>
                    <td><FindingStatusBadge status={f.status} until={f.suppressedUntil} /></td>
                    <td>{f.assignee ? <span title={f.assignee.email}>{f.assignee.name ?? f.assignee.email}</span> : <span className="subtle">Unassigned</span>}</td>
                    <td className={styles.num}>{fmt.format(f.occurrences)}</td>
                    <td><RelativeTime iso={f.firstSeenAt} /></td>
                    <td><RelativeTime iso={f.lastSeenAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav className={styles.pager} aria-label="Pages">
            {filters.page > 1 ? <Link href={findingsHref({ ...filters, page: filters.page - 1 })}>← Previous</Link> : <span />}
            <span>Page {filters.page} of {pages}</span>
            {filters.page < pages ? <Link href={findingsHref({ ...filters, page: filters.page + 1 })}>Next →</Link> : <span />}
          </nav>
        ) : null}
      </section>
    </ReferenceTimeProvider>
  );
}
