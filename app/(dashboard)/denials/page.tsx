// Denial patterns: who is being refused, why, on what, and whether it is unusual for them. The
// window and the chart's stacking live in the URL; every figure links into the event explorer.
import type { Metadata } from "next";
import Link from "next/link";
import { dayLabel } from "@/components/charts/format";
import { DenialsStackChart } from "@/components/charts/denials-stack-chart";
import { BASELINE_ROWS, BaselineTable } from "@/components/denials/baseline-table";
import styles from "@/components/denials/denials.module.css";
import { formatCount, formatRate, plural } from "@/components/denials/format";
import { SegmentedLinks } from "@/components/denials/segmented-links";
import { SpikeList } from "@/components/denials/spike-list";
import { DenialTops } from "@/components/denials/denial-tops";
import { eventsHref } from "@/lib/events/filters";
import { guardedPage } from "@/components/shell/guarded-page";
import { KpiCard, KpiGrid } from "@/components/ui/kpi-card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/panels";
import {
  denialRates,
  denialsByIdentity,
  denialsByReason,
  denialSpikes,
  topDeniedResources,
  topDeniedScopes,
} from "@/lib/analytics/denials";
import {
  BASELINE_WINDOWS,
  DENIAL_WINDOW_KEYS,
  DENIAL_WINDOWS,
  denialSpan,
  denialsHref,
  parseDenialView,
  type DenialView,
} from "@/lib/analytics/denials-params";
import { hasAnyEvents } from "@/lib/analytics/overview";
import type { UserActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Denials" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const LEAD = "Refused requests by identity, reason, scope and resource, with spikes and probing marked. Times are UTC.";

export default async function DenialsPage({ searchParams }: Props) {
  const view = parseDenialView(await searchParams);
  return guardedPage({ permission: "events:read", area: "Denials" }, (user) => renderDenials(user, view));
}

async function renderDenials(user: UserActor, view: DenialView) {
  // One instant for the figures and the labels: the queries derive the same span from it.
  const now = new Date();
  const span = denialSpan(view.window, now);
  const windowLabel = DENIAL_WINDOWS[view.window].label;
  const ctx = { actor: user };
  const input = { window: view.window, now };
  const [rates, chart, scopes, resources, spikes, anyEvents] = await Promise.all([
    denialRates(ctx, input),
    view.by === "reason" ? denialsByReason(ctx, input) : denialsByIdentity(ctx, input),
    topDeniedScopes(ctx, input),
    topDeniedResources(ctx, input),
    denialSpikes(ctx, input),
    hasAnyEvents(ctx),
  ]);
  const { totals } = rates;
  const windowSwitch = (
    <SegmentedLinks
      label="Window"
      segments={DENIAL_WINDOW_KEYS.map((w) => ({
        href: denialsHref({ ...view, window: w }),
        label: DENIAL_WINDOWS[w].label,
        current: w === view.window,
      }))}
    />
  );
  const header = <PageHeader title="Denials" lead={LEAD} actions={windowSwitch} />;

  if (totals.denials === 0) {
    return (
      <>
        {header}
        <div className="panel">
          {!anyEvents ? (
            <EmptyState title="No events yet">
              <p>
                Denials appear here once producers send events with <code>decision: &quot;deny&quot;</code> to{" "}
                <code>POST /api/v1/events</code>, or run <code>npm run seed</code> for a demo estate.
              </p>
            </EmptyState>
          ) : (
            <EmptyState title="No denials in this window">
              <p>
                {formatCount(totals.events)} events in the last {windowLabel}, none refused.
                {view.window !== "30d" ? (
                  <>
                    {" "}
                    <Link href={denialsHref({ ...view, window: "30d" })}>Look at the last 30 days</Link>, or
                  </>
                ) : null}{" "}
                check that your gateways and cloud audit sources report denied decisions, not only allowed ones.
              </p>
            </EmptyState>
          )}
        </div>
      </>
    );
  }

  const probing = spikes.filter((s) => s.kind === "probing").length;
  const rawNote = span.rawHours < span.hours ? `last ${DENIAL_WINDOWS["7d"].label} of the window` : `last ${windowLabel}`;
  const spanLabel = view.by === "reason" ? `the ${rawNote}` : `the last ${windowLabel}`;
  const change =
    totals.previousEvents > 0
      ? `${formatRate(totals.denials / Math.max(1, totals.events))} of ${formatCount(totals.events)} events (previous ${windowLabel}: ${formatRate(totals.previousDenials / totals.previousEvents)})`
      : `${formatRate(totals.denials / Math.max(1, totals.events))} of ${formatCount(totals.events)} events`;

  return (
    <>
      {header}
      <div className={styles.kpis}>
        <KpiGrid label={`Denials in the last ${windowLabel}`}>
          <KpiCard label="Denials" value={totals.denials} tone="warning" hint={change} />
          <KpiCard
            label="Identities denied"
            value={totals.identities}
            hint={`Of those, ${plural(rates.identities.filter((r) => r.comparison.trend === "up" || r.comparison.trend === "new").length, "is", "are")} above their own baseline`}
          />
          <KpiCard label="Spike hours" value={spikes.length} tone="danger" hint={probing > 0 ? `${plural(probing, "looks", "look")} like probing` : "None look like probing"} />
        </KpiGrid>
      </div>

      <section className="panel" aria-labelledby="spikes-heading">
        <div className="panel-header">
          <h2 id="spikes-heading">Spikes and probing</h2>
          <p>Hours far above the identity&apos;s own norm: probing first, then newest</p>
        </div>
        <div className="panel-body">
          <SpikeList spikes={spikes} windowLabel={windowLabel} trailsAll={eventsHref({ decision: "deny", from: span.from, to: span.to })} />
        </div>
      </section>

      <section className={`panel ${styles.section}`} aria-labelledby="chart-heading">
        <div className="panel-header">
          <div className={styles.panelTitle}>
            <h2 id="chart-heading">Denials over time</h2>
            <p>
              {chart.bucketHours === 1 ? "Per hour" : `Per ${chart.bucketHours} hours`}, {spanLabel}
              {view.by === "reason" && span.rawHours < span.hours ? " (reasons are read from raw events: 7 days at most)" : ""}
            </p>
          </div>
          <SegmentedLinks
            label="Stack by"
            segments={[
              { href: denialsHref({ ...view, by: "identity" }), label: "Identity", current: view.by === "identity" },
              { href: denialsHref({ ...view, by: "reason" }), label: "Reason", current: view.by === "reason" },
            ]}
          />
        </div>
        <div className="panel-body">
          {chart.total === 0 ? (
            <EmptyState title={`No denials in the ${rawNote}`}>
              <p>
                Earlier denials in this window are in the{" "}
                <Link href={denialsHref({ ...view, by: "identity" })}>chart by identity</Link>.
              </p>
            </EmptyState>
          ) : (
            <DenialsStackChart
              data={chart}
              mode={view.by}
              spanLabel={spanLabel}
              spikes={spikes.map((s) => ({ hour: s.hour, kind: s.kind, identity: s.identity.name }))}
            />
          )}
        </div>
      </section>

      <DenialTops
        identities={rates.identities}
        scopes={scopes}
        resources={resources}
        span={span}
        windowLabel={windowLabel}
        rawNote={rawNote}
      />

      <section className={`panel ${styles.section}`} aria-labelledby="baseline-heading">
        <div className="panel-header">
          <h2 id="baseline-heading">Denial rate against each identity&apos;s own baseline</h2>
          <p>
            Last {windowLabel} vs the {BASELINE_WINDOWS} windows before it ({dayLabel(span.baselineFrom.toISOString())} to{" "}
            {dayLabel(span.from.toISOString())})
          </p>
        </div>
        <BaselineTable rows={rates.identities} spikes={spikes} span={span} />
        {rates.identities.length > BASELINE_ROWS ? (
          <p className={styles.note}>
            Showing {BASELINE_ROWS} of {formatCount(rates.identities.length)} identities with denials: spiking identities
            first, then by denials beyond what their own baseline predicts.{" "}
            <Link href={eventsHref({ decision: "deny", from: span.from, to: span.to })}>All denials in Trails</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
