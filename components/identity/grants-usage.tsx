// Grants with usage over the chosen window (from the hourly rollups), unused ones called out;
// then the scopes this identity used without holding a grant at that moment.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/panels";
import { RelativeTime } from "@/components/ui/relative-time";
import type { UserActor } from "@/lib/auth/session";
import { grantsWithUsage, ungrantedUse, usageWindowStart, type GrantUsage } from "@/lib/identities/grants";
import { identityPageHref, USAGE_WINDOWS, type IdentityPageParams } from "@/lib/identities/params";
import { NoGrantBadge, RiskClassBadge } from "../trails/event-badges";
import { fmt, plural, utc } from "../trails/format";
import { WindowSwitch } from "./window-switch";
import styles from "./identity.module.css";

type Props = { actor: UserActor; identityId: string; params: IdentityPageParams; now: Date };

/** Rows drawn on the page; an identity with AdministratorAccess holds ~22,000 (the CSV has them all). */
const MAX_GRANT_ROWS = 100;

function UsageCell({ g, days }: { g: GrantUsage; days: number }) {
  if (g.uses > 0) {
    return (
      <>
        <span className="num">{fmt(g.uses)}</span>
        {g.failed > 0 ? <span className={styles.sub}>{fmt(g.failed)} denied or failed</span> : null}
      </>
    );
  }
  if (!g.lastUsedAt) {
    return (
      <Badge tone="warning" title={`No use recorded since it was granted ${plural(g.idleDays, "day")} ago`}>
        Never used
      </Badge>
    );
  }
  return (
    <Badge tone="warning" title={`No use in the last ${days} days`}>
      Unused for {plural(g.idleDays, "day")}
    </Badge>
  );
}

export async function GrantsUsage({ actor, identityId, params, now }: Props) {
  const days = params.window;
  const [grants, ungranted] = await Promise.all([
    grantsWithUsage({ actor }, { identityId, days, now }),
    ungrantedUse({ actor }, { identityId, days, now }),
  ]);
  const since = usageWindowStart(now, days).toISOString();
  const unused = grants.filter((g) => g.uses === 0).length;
  // Beyond the cap, used grants and the highlighted scope (a link from the heatmap) still show.
  const shown = grants.length <= MAX_GRANT_ROWS ? grants : grants.filter((g, i) => i < MAX_GRANT_ROWS || g.uses > 0 || g.scope === params.scope);
  const scopeHref = (scope: string) => identityPageHref(identityId, params, { scope, before: undefined }, "#trail");
  return (
    <>
      <section className="section" aria-labelledby="grants-heading" id="grants">
        <div className={styles.sectionHead}>
          <h2 id="grants-heading">
            Grants and usage{" "}
            <span className={styles.sectionNote}>
              {plural(grants.length, "live grant")}
              {grants.length ? `, ${fmt(unused)} unused in the last ${days} days` : ""}
            </span>
          </h2>
          {grants.length ? (
            <a className="button button-secondary" href={`/identities/${identityId}/grants.csv?window=${days}`} download>
              Download CSV<span className="visually-hidden"> of all {grants.length} live grants</span>
            </a>
          ) : null}
          <WindowSwitch
            label="Usage window"
            options={USAGE_WINDOWS.map((w) => ({
              label: `${w} days`,
              href: identityPageHref(identityId, params, { window: w }, "#grants"),
              current: w === days,
            }))}
          />
        </div>
        <div className="panel">
          {grants.length === 0 ? (
            <EmptyState title="No live grants">
              <p>This identity holds no scopes. Anything it does is out of grant and listed below.</p>
            </EmptyState>
          ) : (
            <div style={{ overflowX: "auto" }}>
              <table className={styles.table}>
                <caption>
                  Uses since {utc(since, false)} (last {days} days), counted from hourly rollups. Unused grants first,
                  riskiest first. Select a scope to see its trail.
                  {shown.length < grants.length ? ` Showing ${fmt(shown.length)} of ${fmt(grants.length)}: the CSV has every grant.` : ""}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Scope</th>
                    <th scope="col">Risk class</th>
                    <th scope="col" className={styles.num}>
                      Uses ({days} d)
                    </th>
                    <th scope="col">Last used</th>
                    <th scope="col">Granted</th>
                    <th scope="col">Expires</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((g) => (
                    <tr key={g.grantId} data-highlight={params.scope === g.scope ? "" : undefined}>
                      <th scope="row">
                        <Link href={scopeHref(g.scope)} className={styles.scopeName} title={g.description ?? undefined}>
                          {g.scope}
                        </Link>
                      </th>
                      <td>
                        <RiskClassBadge riskClass={g.riskClass} />
                      </td>
                      <td className={styles.num}>
                        <UsageCell g={g} days={days} />
                      </td>
                      <td className={styles.nowrap}>
                        <RelativeTime iso={g.lastUsedAt} fallback="Never" />
                      </td>
                      <td>
                        <RelativeTime iso={g.grantedAt} />
                        <span className={styles.sub} title={g.justification ?? undefined}>
                          by {g.grantedBy}
                        </span>
                      </td>
                      <td className={styles.nowrap}>
                        {g.expiresAt ? <RelativeTime iso={g.expiresAt} /> : <span className="subtle">No expiry</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>

      <section className="section" aria-labelledby="ungranted-heading" id="ungranted">
        <div className={styles.sectionHead}>
          <h2 id="ungranted-heading">
            Used without a grant{" "}
            <span className={styles.sectionNote}>
              scopes used in the last {days} days that the identity did not hold at that moment
            </span>
          </h2>
        </div>
        <div className={`panel ${ungranted.length ? styles.ungranted : ""}`}>
          {ungranted.length === 0 ? (
            <EmptyState title={`Every scope used in the last ${days} days was granted`}>
              <p>Nothing to reconcile. Widen the usage window to look further back.</p>
            </EmptyState>
          ) : (
            <div style={{ overflowX: "auto" }}>
              <table className={styles.table}>
                <caption>
                  Allowed uses without a grant are a policy gap (the target trusted the identity anyway); denied ones are
                  attempts beyond its grants.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Scope</th>
                    <th scope="col">Risk class</th>
                    <th scope="col" className={styles.num}>
                      Allowed
                    </th>
                    <th scope="col" className={styles.num}>
                      Denied
                    </th>
                    <th scope="col" className={styles.num}>
                      Errors
                    </th>
                    <th scope="col">First seen</th>
                    <th scope="col">Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  {ungranted.map((u) => (
                    <tr key={u.scope} data-flag={u.allowed > 0 ? "" : undefined} data-highlight={params.scope === u.scope ? "" : undefined}>
                      <th scope="row">
                        <Link href={scopeHref(u.scope)} className={styles.scopeName}>
                          {u.scope}
                        </Link>{" "}
                        {u.allowed > 0 ? <NoGrantBadge /> : null}
                      </th>
                      <td>
                        <RiskClassBadge riskClass={u.riskClass} />
                      </td>
                      <td className={`${styles.num} ${u.allowed > 0 ? styles.flag : ""}`}>{fmt(u.allowed)}</td>
                      <td className={styles.num}>{fmt(u.denied)}</td>
                      <td className={styles.num}>{fmt(u.errors)}</td>
                      <td className={styles.nowrap}>
                        <RelativeTime iso={u.firstAt} />
                      </td>
                      <td className={styles.nowrap}>
                        <RelativeTime iso={u.lastAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>
    </>
  );
}
