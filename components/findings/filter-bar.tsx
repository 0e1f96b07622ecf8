// The queue's filters as a plain GET form: the URL is the state, links keep their filters, and it
// works without JavaScript. Sort and page size ride along as hidden fields.
import Link from "next/link";
import { STATUS_FILTERS, type FindingFilters } from "@/lib/findings/filters";
import styles from "./findings.module.css";
import { SEVERITY_LABEL, STATUS_LABEL } from "./labels";

export function FindingsFilterBar({ filters, detectors, clearHref }: { filters: FindingFilters; detectors: { id: string; title: string }[]; clearHref: string | null }) {
  return (
    <form role="search" aria-label="Filter findings" action="/findings" method="get" className={`panel ${styles.filters}`}>
      <label className="field">
        Status
        <select className="select" name="status" defaultValue={filters.status}>
          {STATUS_FILTERS.map((s) => <option key={s} value={s}>{STATUS_LABEL[s]}</option>)}
        </select>
      </label>
      <label className="field">
        Severity at least
        <select className="select" name="minSeverity" defaultValue={filters.minSeverity ?? ""}>
          <option value="">Any severity</option>
          {["critical", "high", "medium", "low"].map((s) => <option key={s} value={s}>{SEVERITY_LABEL[s]}</option>)}
        </select>
      </label>
      {filters.severity ? <input type="hidden" name="severity" value={filters.severity} /> : null}
      <label className="field">
        Detector
        <select className="select" name="detector" defaultValue={filters.detector ?? ""}>
          <option value="">All detectors</option>
          {detectors.map((d) => <option key={d.id} value={d.id}>{d.title}</option>)}
        </select>
      </label>
      <label className="field">
        Assignee
        <input className="input" name="assignee" defaultValue={filters.assignee ?? ""} placeholder="email, or none" maxLength={320} />
      </label>
      <label className="field">
        Search titles
        <input className="input" type="search" name="q" defaultValue={filters.q ?? ""} placeholder="e.g. svc-payments" maxLength={200} />
      </label>
      {filters.identity ? <input type="hidden" name="identity" value={filters.identity} /> : null}
      {filters.sort !== "severity" ? <input type="hidden" name="sort" value={filters.sort} /> : null}
      {filters.dir !== "desc" ? <input type="hidden" name="dir" value={filters.dir} /> : null}
      {filters.pageSize !== 50 ? <input type="hidden" name="pageSize" value={filters.pageSize} /> : null}
      <button type="submit" className="button">Apply</button>
      {clearHref ? <Link href={clearHref}>Clear filters</Link> : null}
      {filters.severity ? <span className="subtle">Only {SEVERITY_LABEL[filters.severity].toLowerCase()} severity</span> : null}
    </form>
  );
}
