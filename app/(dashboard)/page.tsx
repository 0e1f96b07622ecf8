// Overview: headline counts (each linking to the matching identities view) and two charts.
// One clock for the whole render so every figure describes the same instant.
import type { Metadata } from "next";
import { EventsChart } from "@/components/charts/events-chart";
import { KindBarChart } from "@/components/charts/kind-bar-chart";
import { STATUS_LABELS } from "@/components/inventory/labels";
import { guardedPage } from "@/components/shell/guarded-page";
import { KpiCard, KpiGrid } from "@/components/ui/kpi-card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/panels";
import {
  credentialsPastRotation,
  discoveredIdentities,
  eventsLast24h,
  eventsPerHour,
  expiredActiveCredentials,
  hasAnyEvents,
  identitiesByActorType,
  identitiesByKind,
  identitiesByStatus,
  ownerlessIdentities,
} from "@/lib/analytics/overview";
import { describeChange, kpiComparison } from "@/lib/analytics/overview-trends";
import type { UserActor } from "@/lib/auth/session";
import { ROTATION_MAX_AGE_DAYS } from "@/lib/inventory/credential-policy";
import { identitiesHref } from "@/lib/inventory/filters";
import { findingsHref } from "@/lib/findings/filters";
import { findingSummary } from "@/lib/findings/summary";
import { can } from "@/lib/auth/roles";
import styles from "./overview.module.css";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  return guardedPage({ permission: "inventory:read", area: "Overview" }, renderOverview);
}

async function renderOverview(user: UserActor) {
  const now = new Date();
  const ctx = { actor: user };
  const [byKind, byStatus, byActor, ownerless, discovered, stale, expired, last24h, hourly, anyEvents, trends] =
    await Promise.all([
      identitiesByKind(ctx),
      identitiesByStatus(ctx),
      identitiesByActorType(ctx),
      ownerlessIdentities(ctx),
      discoveredIdentities(ctx, { now }),
      credentialsPastRotation(ctx, { now }),
      expiredActiveCredentials(ctx, { now }),
      eventsLast24h(ctx, { now }),
      eventsPerHour(ctx, { now }),
      hasAnyEvents(ctx),
      kpiComparison(ctx, { now }),
    ]);
  const findings = can(user, "findings:read") ? await findingSummary(ctx, { now }) : null;
  const total = byActor.nhi + byActor.human;
  const denialRate = last24h.events > 0 ? `${((last24h.denials / last24h.events) * 100).toFixed(1)}% of events` : undefined;
  const eventsThisWeek = hourly.some((p) => p.events > 0);

  return (
    <>
      <PageHeader
        title="Overview"
        lead={`The estate at a glance, as of ${now.toISOString().slice(0, 16).replace("T", " ")} UTC.`}
      />

      <section className={styles.section} aria-labelledby="inventory-heading">
        <h2 id="inventory-heading">Inventory</h2>
        {total === 0 ? (
          <div className="panel">
            <EmptyState title="No identities yet">
              <p>
                Run <code>npm run seed</code> for a demo estate, or send events to <code>POST /api/v1/events</code>.
              </p>
            </EmptyState>
          </div>
        ) : (
          <KpiGrid label="Inventory counts">
            <KpiCard label="Identities" value={total} hint="Every kind and status" href="/identities" />
            <KpiCard
              label="Non-human (NHI)"
              value={byActor.nhi}
              hint="Service accounts, keys, tokens, bots, agents"
              href={identitiesHref({ actor: "nhi" })}
            />
            <KpiCard label="Human" value={byActor.human} hint="People with accounts" href={identitiesHref({ actor: "human" })} />
            <KpiCard
              label="Ownerless"
              value={ownerless}
              tone="danger"
              hint="No accountable team or person"
              href={identitiesHref({ owner: "none" })}
            />
            <KpiCard
              label="Discovered"
              value={discovered.total}
              tone="warning"
              hint={`Seen in events, never registered · ${discovered.last24h} new in 24 h`}
              href={identitiesHref({ status: "discovered" })}
            />
          </KpiGrid>
        )}
      </section>

      {findings ? (
        <section className={styles.section} aria-labelledby="findings-heading">
          <h2 id="findings-heading">Findings</h2>
          <KpiGrid label="Open findings">
            <KpiCard label="Critical findings" value={findings.bySeverity.critical} tone="danger" hint="Open or acknowledged" href={findingsHref({ severity: "critical" })} linkLabel="View in Findings" />
            <KpiCard label="High findings" value={findings.bySeverity.high} tone="danger" hint="Open or acknowledged" href={findingsHref({ severity: "high" })} linkLabel="View in Findings" />
            <KpiCard label="High or critical" value={findings.bySeverity.high + findings.bySeverity.critical} tone="warning" hint="What needs someone first" href={findingsHref({ minSeverity: "high" })} linkLabel="View in Findings" />
          </KpiGrid>
        </section>
      ) : null}

      <div className={styles.pair}>
        <section aria-labelledby="credentials-heading">
          <h2 id="credentials-heading">Credentials</h2>
          <KpiGrid label="Credential hygiene">
            <KpiCard
              label="Past rotation age"
              value={stale}
              tone="warning"
              hint={`Active, not rotated (or issued) in the last ${ROTATION_MAX_AGE_DAYS} days`}
            />
            <KpiCard label="Expired but active" value={expired} tone="danger" hint="Past expiry, still marked active" />
          </KpiGrid>
        </section>
        <section aria-labelledby="activity-heading">
          <h2 id="activity-heading">Activity, last 24 hours</h2>
          <KpiGrid label="Activity in the last 24 hours">
            <KpiCard label="Events" value={last24h.events} hint={`All decisions · ${describeChange(trends.events, "previous 24 h")}`} />
            <KpiCard label="Denials" value={last24h.denials} tone="warning" hint={`${denialRate ?? "No events to compare"} · ${describeChange(trends.denials, "previous 24 h")}`} />
            <KpiCard label="Active identities" value={trends.activeIdentities.current} hint={describeChange(trends.activeIdentities, "previous week")} />
          </KpiGrid>
        </section>
      </div>

      <div className={styles.charts}>
        <section className="panel" aria-labelledby="events-chart-heading">
          <div className="panel-header">
            <h2 id="events-chart-heading">Events and denials per hour</h2>
            <p>Last 7 days, UTC</p>
          </div>
          <div className="panel-body">
            {!anyEvents ? (
              <EmptyState title="No events yet">
                <p>
                  Send some to <code>POST /api/v1/events</code> or run <code>npm run seed</code>.
                </p>
              </EmptyState>
            ) : !eventsThisWeek ? (
              <EmptyState title="No events in the last 7 days">
                <p>Earlier events exist; nothing has arrived this week. Check that producers are still sending.</p>
              </EmptyState>
            ) : (
              <EventsChart points={hourly} />
            )}
          </div>
        </section>

        <section className="panel" aria-labelledby="kind-chart-heading">
          <div className="panel-header">
            <h2 id="kind-chart-heading">Identities by kind</h2>
            <p>Select a bar to list them</p>
          </div>
          <div className="panel-body">
            {byKind.length === 0 ? <EmptyState title="No identities yet" /> : <KindBarChart data={byKind} />}
          </div>
        </section>
      </div>

      {total > 0 ? (
        <section className={styles.section} aria-labelledby="status-heading">
          <h2 id="status-heading">By status</h2>
          <KpiGrid label="Identities by status">
            {byStatus.map((s) => (
              <KpiCard
                key={s.status}
                label={STATUS_LABELS[s.status]}
                value={s.count}
                tone={s.status === "discovered" ? "warning" : undefined}
                href={identitiesHref({ status: s.status })}
              />
            ))}
          </KpiGrid>
        </section>
      ) : null}
    </>
  );
}
