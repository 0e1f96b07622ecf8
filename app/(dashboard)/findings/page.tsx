// The findings queue: counts by severity and detector, the 30-day trend, filters in the URL, the
// table and its CSV. Admins can run the scheduled detectors now.
import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/findings/action-form";
import { FindingsTable } from "@/components/findings/findings-table";
import { FindingsFilterBar } from "@/components/findings/filter-bar";
import { FindingsTrendChart } from "@/components/findings/trend-chart";
import styles from "@/components/findings/findings.module.css";
import { guardedPage } from "@/components/shell/guarded-page";
import { KpiCard, KpiGrid } from "@/components/ui/kpi-card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import type { UserActor } from "@/lib/auth/session";
import { DETECTORS } from "@/lib/detections/catalogue";
import { listDetectorStatus } from "@/lib/detections/update-settings";
import { findingSearchParams, findingsHref, hasActiveFindingFilters, parseFindingFilters, type FindingFilters } from "@/lib/findings/filters";
import { listFindings } from "@/lib/findings/list-findings";
import { findingSummary } from "@/lib/findings/summary";
import { runDetectorsAction } from "./actions";

export const metadata: Metadata = { title: "Findings" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function FindingsPage({ searchParams }: Props) {
  const filters = parseFindingFilters(await searchParams);
  return guardedPage({ permission: "findings:read", area: "Findings" }, (user) => renderFindings(user, filters));
}

const TITLE = new Map(DETECTORS.map((d) => [d.id, d.title]));

async function renderFindings(user: UserActor, filters: FindingFilters) {
  const ctx = { actor: user };
  const now = new Date();
  const [page, summary, detectors] = await Promise.all([listFindings(ctx, filters), findingSummary(ctx, { now }), listDetectorStatus(ctx)]);
  const exportQs = findingSearchParams({ ...filters, page: undefined, pageSize: undefined, sort: undefined, dir: undefined });
  const lastRun = detectors.map((d) => d.lastRun?.at).filter(Boolean).sort().at(-1);
  const filtered = hasActiveFindingFilters(filters);
  return (
    <>
      <PageHeader
        title="Findings"
        lead="Every NHI risk the detectors found, tracked from open to resolved. Each finding shows the rule, its inputs and the data behind it."
        actions={
          <>
            <a className="button button-secondary" href={`/findings/export${exportQs.size ? `?${exportQs}` : ""}`} download>
              Download CSV<span className="visually-hidden"> of all {page.total} matching findings</span>
            </a>
          </>
        }
      />
      <KpiGrid label="Open and acknowledged findings by severity">
        <KpiCard label="Critical" value={summary.bySeverity.critical} tone="danger" hint="Open or acknowledged" href={findingsHref({ severity: "critical" })} linkLabel="View findings" />
        <KpiCard label="High" value={summary.bySeverity.high} tone="danger" hint="Open or acknowledged" href={findingsHref({ severity: "high" })} linkLabel="View findings" />
        <KpiCard label="Medium" value={summary.bySeverity.medium} tone="warning" hint="Open or acknowledged" href={findingsHref({ severity: "medium" })} linkLabel="View findings" />
        <KpiCard label="Low" value={summary.bySeverity.low} hint="Open or acknowledged" href={findingsHref({ severity: "low" })} linkLabel="View findings" />
        <KpiCard label="Suppressed" value={summary.suppressed} hint="Accepted until their expiry" href={findingsHref({ status: "suppressed" })} linkLabel="View findings" />
      </KpiGrid>
      <div className={styles.grid}>
        <section className="panel" aria-labelledby="trend-title">
          <div className="panel-header"><h2 id="trend-title">Trend</h2><p>Last 30 days, UTC</p></div>
          <div className="panel-body"><FindingsTrendChart points={summary.trend} /></div>
        </section>
        <section className="panel" aria-labelledby="detectors-title">
          <div className="panel-header"><h2 id="detectors-title">By detector</h2><p>Open or acknowledged · high and critical</p></div>
          <div className="panel-body">
            {summary.byDetector.length === 0 ? <p className="subtle">No active findings.</p> : (
              <ul className={styles.detectors}>
                {summary.byDetector.map((d) => (
                  <li key={d.detector}>
                    <Link href={findingsHref({ detector: d.detector })}>{TITLE.get(d.detector) ?? d.detector}</Link>
                    <span className="num">{d.active}{d.high ? <span className="subtle"> · {d.high} high+</span> : null}</span>
                  </li>
                ))}
              </ul>
            )}
            <p className={styles.runs}>
              {lastRun ? <>Scheduled detectors last ran {lastRun.slice(0, 16).replace("T", " ")} UTC. </> : "Scheduled detectors have not run yet. "}
              <Link href="/findings/detectors">Detector catalogue</Link>
            </p>
            {can(user, "detections:configure") ? (
              <ActionForm action={runDetectorsAction} label="Run scheduled detectors now" pendingLabel="Running detectors…" hidden={{}} secondary />
            ) : null}
          </div>
        </section>
      </div>
      <FindingsFilterBar filters={filters} detectors={DETECTORS.map((d) => ({ id: d.id, title: d.title }))} clearHref={filtered ? "/findings" : null} />
      <FindingsTable rows={page.rows} total={page.total} filters={filters} now={now.toISOString()} filtered={filtered} />
    </>
  );
}
