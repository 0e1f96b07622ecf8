// Over-privilege: what each identity was granted against what it used over a window, as a
// heatmap of the top N identities by score, and the estate's least-privilege figure. All view
// state (window, grouping, order, rows, search) lives in the URL.
import type { Metadata } from "next";
import Link from "next/link";
import { SegmentedLinks } from "@/components/denials/segmented-links";
import { HeatmapControls } from "@/components/heatmap/heatmap-controls";
import { HeatmapGrid } from "@/components/heatmap/heatmap-grid";
import { HeatmapLegend } from "@/components/heatmap/heatmap-legend";
import styles from "@/components/heatmap/over-privilege-page.module.css";
import { dayLabel } from "@/components/charts/format";
import { guardedPage } from "@/components/shell/guarded-page";
import { KpiCard, KpiGrid } from "@/components/ui/kpi-card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/panels";
import { packHeat } from "@/lib/analytics/heat-pack";
import { overPrivilegeReport } from "@/lib/analytics/over-privilege";
import { OP_SORTS, OP_WINDOWS, opHref, parseOpView, type OpView, type OpWindow } from "@/lib/analytics/over-privilege-params";
import type { UserActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Over-privilege" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const fmt = new Intl.NumberFormat("en-US");
const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

export default async function OverPrivilegePage({ searchParams }: Props) {
  const view = parseOpView(await searchParams);
  return guardedPage({ permission: "events:read", area: "Over-privilege" }, (user) => renderOverPrivilege(user, view));
}

async function renderOverPrivilege(user: UserActor, view: OpView) {
  const now = new Date();
  const report = await overPrivilegeReport({ actor: user }, { window: view.window, sort: view.sort, n: view.n, q: view.q, now });
  const { estate, windowDays } = report;
  const header = (
    <PageHeader
      title="Over-privilege"
      lead="Scopes each identity holds against the scopes it actually used, from grants and daily usage rollups. Unused grants are what to revoke first."
      actions={
        <SegmentedLinks
          label="Window"
          segments={(Object.keys(OP_WINDOWS) as OpWindow[]).map((w) => ({
            href: opHref({ ...view, window: w }),
            label: `${OP_WINDOWS[w]} days`,
            current: w === view.window,
          }))}
        />
      }
    />
  );

  if (estate.withGrants === 0 && report.matched === 0 && !view.q) {
    return (
      <>
        {header}
        <div className="panel">
          <EmptyState title="No grants or scope use yet">
            <p>
              The heatmap compares grants in the inventory with the scopes seen in events. Add identities with grants, send
              events to <code>POST /api/v1/events</code>, or run <code>npm run seed</code> for a demo estate.
            </p>
          </EmptyState>
        </div>
      </>
    );
  }

  const shownAll = report.rows.length >= report.matched;
  const nextN = [100, 200].find((n) => n > view.n);

  return (
    <>
      {header}
      <section className={styles.summary} aria-labelledby="least-privilege-heading">
        <div className={`panel ${styles.hero}`}>
          <h2 id="least-privilege-heading" className={styles.heroLabel}>
            Least privilege
          </h2>
          <p className={styles.heroValue}>{pct(estate.leastPrivilege)}</p>
          <p className={styles.heroText}>
            of identities with grants used <strong>every</strong> scope they hold in the last {windowDays} days (
            {fmt.format(estate.compliant)} of {fmt.format(estate.withGrants)}). Whole UTC days since {dayLabel(report.from)}.
          </p>
        </div>
        <KpiGrid label={`Grants, last ${windowDays} days`}>
          <KpiCard
            label="Unused grants"
            value={estate.unusedGrants}
            tone="warning"
            hint={`${pct(estate.grants ? estate.unusedGrants / estate.grants : null)} of ${fmt.format(estate.grants)} live grants`}
          />
          <KpiCard
            label="Unused high-risk grants"
            value={estate.unusedHighRisk}
            tone="danger"
            hint="Admin, permission change, secret read or cross-tenant, not used once"
          />
        </KpiGrid>
      </section>

      <section className="panel" aria-labelledby="heatmap-heading">
        <div className="panel-header">
          <h2 id="heatmap-heading">Granted vs used scopes</h2>
          <p>
            {report.rows.length === 0
              ? "No rows"
              : `${shownAll ? `All ${fmt.format(report.matched)}` : `Top ${fmt.format(report.rows.length)} of ${fmt.format(report.matched)}`} ${
                  view.q ? "matching " : ""
                }identities by ${OP_SORTS[view.sort].toLowerCase()} · ${fmt.format(report.columns.length)} scopes they hold or used${
                  report.hiddenColumns
                    ? ` (${fmt.format(report.hiddenColumns)} more unused, lower-risk scopes not drawn: the identity page lists every grant)`
                    : ""
                }`}
          </p>
        </div>
        <HeatmapControls key={opHref(view)} view={view} />
        <HeatmapLegend windowDays={windowDays} />
        {report.rows.length === 0 ? (
          <EmptyState title={`No identities match “${view.q ?? ""}”`}>
            <p>
              Search looks inside names and external IDs. <Link href={opHref({ ...view, q: undefined })}>Clear the search</Link>
            </p>
          </EmptyState>
        ) : (
          <>
            <p id="heatmap-keys" className={styles.keys}>
              Select a cell, or reach it with the arrow keys and press Enter, to open that identity&apos;s trail for the scope.
              Columns are grouped by risk class, most dangerous first.
            </p>
            <HeatmapGrid
              key={opHref(view)}
              heat={packHeat(report.rows, report.columns)}
              group={view.group}
              windowDays={windowDays}
              now={now.toISOString()}
            />
            <p className={styles.footer}>
              {shownAll ? (
                <>
                  Showing all {fmt.format(report.matched)} {view.q ? "matching " : ""}identities with grants or scope use.
                </>
              ) : (
                <>
                  Showing the top {fmt.format(report.rows.length)} of {fmt.format(report.matched)} identities.{" "}
                  {nextN ? <Link href={opHref({ ...view, n: nextN })}>Show the top {nextN}</Link> : null}
                  {nextN ? " or search" : "Search"} to find a specific identity.
                </>
              )}
            </p>
          </>
        )}
      </section>
    </>
  );
}
