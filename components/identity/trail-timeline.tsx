// The identity's trail: events grouped by session / trace, newest group first, each group's steps
// in the order they happened with their place in the chain (authentication → token issuance →
// role assumption → API call → data access). Denials and out-of-grant uses are highlighted; each
// step opens (<details>) to the full event.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/panels";
import type { UserActor } from "@/lib/auth/session";
import { CHAIN_STEP_LABELS, chainSummary } from "@/lib/events/chain";
import { eventsHref } from "@/lib/events/filters";
import { identityPageHref, TRAIL_WINDOWS, type IdentityPageParams } from "@/lib/identities/params";
import type { IdentitySources } from "@/lib/identities/sources";
import { identityTrail, type TrailGroup, type TrailStep } from "@/lib/identities/trail";
import { DecisionBadge, NewBadge, NoGrantBadge } from "../trails/event-badges";
import { EventDisclosure } from "../trails/event-disclosure";
import { plural, span, utc, utcMillis } from "../trails/format";
import trail from "../trails/trails.module.css";
import { WindowSwitch } from "./window-switch";
import styles from "./identity.module.css";

type Props = {
  actor: UserActor;
  identity: { id: string; externalId: string };
  params: IdentityPageParams;
  now: Date;
  sources: Promise<IdentitySources>;
};

const GROUP_TITLES = { session: "Session", trace: "Trace", none: "No session" } as const;
const windowLabel = (d: number) => (d === 1 ? "24 hours" : `${d} days`);

function Step({ s, newIps, newAgents }: { s: TrailStep; newIps: Set<string>; newAgents: Set<string> }) {
  const flagged = s.decision !== "allow" || s.granted === false;
  const target = s.resource ?? (s.scope && s.scope !== s.action ? s.scope : null);
  const newIp = s.sourceIp !== null && newIps.has(s.sourceIp);
  const newUa = s.userAgent !== null && newAgents.has(s.userAgent);
  return (
    <li className={`${trail.step} ${flagged ? trail.stepFlagged : ""}`}>
      <EventDisclosure
        event={s}
        summary={
          <>
            <time className={trail.stepTime} dateTime={s.at}>
              {utcMillis(s.at).slice(5)}
            </time>
            <span className={trail.stepKind} data-step={s.step}>
              {CHAIN_STEP_LABELS[s.step]}
            </span>
            <span className={trail.stepAction} title={s.action}>
              {s.action}
            </span>
            <span className={trail.stepTarget} title={target ?? undefined}>
              {target ?? "—"}
            </span>
            <span className={trail.stepBadges}>
              <DecisionBadge decision={s.decision} />
              {s.granted === false ? <NoGrantBadge /> : null}
            </span>
            <span className={trail.stepIp} title={[s.sourceIp, s.userAgent].filter(Boolean).join(" · ")}>
              {s.sourceIp ?? "—"}
              {newIp || newUa ? (
                <>
                  {" "}
                  <NewBadge title={newIp ? "Source IP first seen in the last 7 days" : "User agent first seen in the last 7 days"} />
                </>
              ) : null}
            </span>
          </>
        }
      />
    </li>
  );
}

type GroupProps = {
  g: TrailGroup;
  identity: Props["identity"];
  newIps: Set<string>;
  newAgents: Set<string>;
  window: { from: string; to: string };
  /** Steps start expanded: the newest groups, groups with denials, short ones, a scope-filtered trail. */
  open: boolean;
};

function Group({ g, identity, newIps, newAgents, window, open }: GroupProps) {
  const flagged = g.denials > 0 || g.outOfGrant > 0;
  const ips = [...new Set(g.steps.map((s) => s.sourceIp).filter((ip): ip is string => ip !== null))];
  const chain = chainSummary(g.steps.map((s) => s.step));
  const moreHref = eventsHref({
    identity: identity.externalId,
    session: g.key || undefined,
    from: new Date(window.from),
    to: new Date(window.to),
  });
  const steps = (
    <>
      <ol className={trail.steps}>
        {g.steps.map((s) => (
          <Step key={s.id} s={s} newIps={newIps} newAgents={newAgents} />
        ))}
      </ol>
      {g.total > g.steps.length ? (
        <p className={trail.groupFoot}>
          Showing the latest {g.steps.length} of {plural(g.total, "step")}.{" "}
          <Link href={moreHref}>See every step in the event explorer</Link>
        </p>
      ) : null}
    </>
  );
  return (
    <li className={`panel ${trail.group} ${flagged ? trail.groupFlagged : ""}`}>
      <div className={trail.groupHead}>
        <div className={trail.groupTitle}>
          <h3>{GROUP_TITLES[g.kind]}</h3>
          {g.key ? (
            <span className={trail.groupKey} title={g.key}>
              {g.key}
            </span>
          ) : null}
        </div>
        <p className={trail.groupMeta}>
          <time dateTime={g.firstAt}>{utc(g.firstAt)}</time>
          {g.firstAt !== g.lastAt ? (
            <>
              {" "}
              → <time dateTime={g.lastAt}>{utc(g.lastAt).slice(11)}</time> ({span(g.firstAt, g.lastAt)})
            </>
          ) : null}{" "}
          · {plural(g.total, "step")}
          {ips.length ? ` · from ${ips.slice(0, 2).join(", ")}${ips.length > 2 ? ` and ${ips.length - 2} more` : ""}` : ""}
        </p>
        <div className={trail.groupFlags}>
          {g.denials > 0 ? <Badge tone="danger">{plural(g.denials, "denial or error", "denials or errors")}</Badge> : null}
          {g.outOfGrant > 0 ? <Badge tone="danger">{plural(g.outOfGrant, "use", "uses")} without a grant</Badge> : null}
        </div>
        {g.steps.length > 1 ? (
          <ol className={trail.chain} aria-label="Chain">
            {chain.map((c) => (
              <li key={c}>
                <span className={trail.chainStep}>{CHAIN_STEP_LABELS[c]}</span>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
      {g.steps.length <= 1 ? (
        steps
      ) : (
        <details className={trail.stepsToggle} open={open || undefined}>
          <summary>
            {g.total > g.steps.length ? `Latest ${g.steps.length} of ${plural(g.total, "step")}` : plural(g.total, "step")}
          </summary>
          {steps}
        </details>
      )}
    </li>
  );
}

export async function TrailTimeline({ actor, identity, params, now, sources }: Props) {
  const [page, seen] = await Promise.all([
    identityTrail({ actor }, { identityId: identity.id, days: params.trail, scope: params.scope, before: params.before, now }),
    sources,
  ]);
  const newIps = new Set(seen.ips.filter((s) => s.isNew).map((s) => s.value));
  const newAgents = new Set(seen.userAgents.filter((s) => s.isNew).map((s) => s.value));
  const first = !params.before;
  return (
    <section className="section" aria-labelledby="trail-heading" id="trail">
      <div className={styles.sectionHead}>
        <h2 id="trail-heading">
          Trail{" "}
          <span className={styles.sectionNote}>
            grouped by session or trace, newest first · last {windowLabel(params.trail)}
          </span>
        </h2>
        <WindowSwitch
          label="Trail window"
          options={TRAIL_WINDOWS.map((d) => ({
            label: d === 1 ? "24 h" : `${d} days`,
            href: identityPageHref(identity.id, params, { trail: d, before: undefined }, "#trail"),
            current: d === params.trail,
          }))}
        />
      </div>
      {params.scope ? (
        <p className={styles.filterChip} role="status">
          <span>
            Only events using scope <code>{params.scope}</code>
          </span>
          <Link href={identityPageHref(identity.id, params, { scope: undefined, before: undefined }, "#trail")}>Show all scopes</Link>
        </p>
      ) : null}
      {page.capped ? (
        <p className={styles.filterChip} role="note">
          This window holds more events than a trail groups at once; older sessions are left out. Choose a shorter window
          or use the <Link href={eventsHref({ identity: identity.externalId, range: "7d" })}>event explorer</Link>.
        </p>
      ) : null}
      {page.groups.length === 0 ? (
        <div className="panel">
          {first ? (
            <EmptyState
              title={
                params.scope
                  ? `No events using ${params.scope} in the last ${windowLabel(params.trail)}`
                  : `No events in the last ${windowLabel(params.trail)}`
              }
            >
              {params.trail < 30 || params.scope ? (
                <p>
                  Try{" "}
                  {params.trail < 30 ? (
                    <Link href={identityPageHref(identity.id, params, { trail: 30, before: undefined }, "#trail")}>the last 30 days</Link>
                  ) : null}
                  {params.trail < 30 && params.scope ? " or " : null}
                  {params.scope ? (
                    <Link href={identityPageHref(identity.id, params, { scope: undefined, before: undefined }, "#trail")}>every scope</Link>
                  ) : null}
                  .
                </p>
              ) : (
                <p>This identity has not acted for a month: ask its owner whether it is still needed.</p>
              )}
            </EmptyState>
          ) : (
            <EmptyState title="No older sessions in this window">
              <p>
                <Link href={identityPageHref(identity.id, params, { before: undefined }, "#trail")}>Back to the newest sessions</Link>
              </p>
            </EmptyState>
          )}
        </div>
      ) : (
        <ol className={trail.groups} aria-label="Sessions and traces, newest first">
          {page.groups.map((g, i) => (
            <Group
              key={`${g.key}|${g.lastAt}`}
              g={g}
              identity={identity}
              newIps={newIps}
              newAgents={newAgents}
              window={page}
              open={i < 2 || Boolean(params.scope) || g.denials > 0 || g.steps.length <= 4}
            />
          ))}
        </ol>
      )}
      {page.groups.length > 0 && (page.older || !first) ? (
        <nav className={styles.pager} aria-label="Trail pages">
          {!first ? (
            <Link className="button button-secondary" href={identityPageHref(identity.id, params, { before: undefined }, "#trail")}>
              <span aria-hidden="true">«</span> Newest sessions
            </Link>
          ) : null}
          {page.older ? (
            <Link className="button button-secondary" href={identityPageHref(identity.id, params, { before: page.older }, "#trail")}>
              Older sessions <span aria-hidden="true">›</span>
            </Link>
          ) : (
            <span className="subtle">No older sessions in the last {windowLabel(params.trail)}.</span>
          )}
        </nav>
      ) : null}
    </section>
  );
}
