// One finding: what it is, its working (rule, inputs, threshold, window, coverage), its evidence
// (the trail filtered to its events, first and last event), what the detector says to do, its
// lifecycle actions, comments and history.
import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { FindingActions } from "@/components/findings/finding-actions";
import { FindingStatusBadge, SeverityBadge } from "@/components/findings/finding-badges";
import styles from "@/components/findings/findings.module.css";
import { guardedPage } from "@/components/shell/guarded-page";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { isWardenError } from "@/lib/core/errors";
import { detectorInfo } from "@/lib/detections/catalogue";
import { OWASP_NHI, SOC2 } from "@/lib/detections/detector";
import { openCampaigns } from "@/lib/findings/add-to-review";
import { eventHref, evidenceHref } from "@/lib/findings/evidence";
import { getFinding } from "@/lib/findings/get-finding";
import { assigneeChoices } from "@/lib/findings/assignee-choices";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await requireUser();
  const { id } = await params;
  const f = await getFinding({ actor: user }, { id }).catch((e: unknown) => (isWardenError(e) ? null : Promise.reject(e)));
  return { title: f ? `${f.finding.title} · Finding` : "Finding not found" };
}

const utc = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "—");
/** `knownBefore` → "Known before". */
const label = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase()).replace(/\b([A-Z])([a-z])/g, (m, a, b, i) => (i ? a.toLowerCase() + b : m));
const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v, null, 1));

export default async function FindingPage({ params }: Props) {
  const { id } = await params;
  return guardedPage({ permission: "findings:read", area: "Findings" }, async (user) => {
    const ctx = { actor: user };
    const { finding: f, comments, history } = await getFinding(ctx, { id });
    const manage = can(user, "findings:manage");
    const [choices, campaigns] = await Promise.all([
      manage ? assigneeChoices(ctx, { identityId: f.identity?.id }) : Promise.resolve([]),
      can(user, "reviews:manage") ? openCampaigns(ctx) : Promise.resolve(null),
    ]);
    const info = detectorInfo(f.detector);
    const trail = evidenceHref(f);
    const w = f.working;
    return (
      <>
        <nav aria-label="Breadcrumb" className="crumbs"><Link href="/findings">Findings</Link> / <span aria-current="page">{f.detector}</span></nav>
        <PageHeader
          title={f.title}
          lead={<><SeverityBadge severity={f.severity} /> <FindingStatusBadge status={f.status} until={f.suppressedUntil} /> · {info?.title ?? f.detector} · seen {f.occurrences.toLocaleString("en-US")} time{f.occurrences === 1 ? "" : "s"}</>}
          actions={trail ? <Link className="button" href={trail}>Open the events in Trails</Link> : null}
        />
        <div className={styles.cols}>
          <div>
            <section className="panel" aria-labelledby="working-title">
              <div className="panel-header"><h2 id="working-title">Working</h2><p>Why the detector raised this</p></div>
              <div className="panel-body">
                <dl className={styles.dl}>
                  <dt>Rule</dt><dd>{w.rule}</dd>
                  {w.threshold ? <><dt>Threshold</dt><dd>{w.threshold}</dd></> : null}
                  {w.window ? <><dt>Window</dt><dd>{w.window}</dd></> : null}
                  <dt>Data coverage</dt><dd>{w.coverage}</dd>
                  {Object.entries(w.inputs).map(([k, v]) => <Fragment key={k}><dt>{label(k)}</dt><dd>{Array.isArray(v) && v.every((x) => typeof x === "string") ? (v.length === 0 ? "—" : v.length > 2 || v.some((x) => x.length > 40) ? <ul className={styles.list}>{v.map((x, i) => <li key={i}>{x}</li>)}</ul> : v.join(", ")) : v === null ? "—" : typeof v === "object" ? <pre className={styles.pre}>{show(v)}</pre> : String(v)}</dd></Fragment>)}
                  {w.facts?.suggestedGrant ? <><dt>Suggested grant</dt><dd>Keep {(w.facts.suggestedGrant as string[]).join(", ") || "nothing"}; remove {(w.facts.remove as string[]).join(", ")}</dd></> : null}
                </dl>
              </div>
            </section>
            <section className="panel section" aria-labelledby="evidence-title">
              <div className="panel-header"><h2 id="evidence-title">Evidence</h2></div>
              <div className="panel-body">
                <dl className={styles.dl}>
                  <dt>Identity</dt><dd>{f.identity ? <Link href={`/identities/${f.identity.id}`}>{f.identity.name}</Link> : "—"} {f.identity ? <span className="subtle">{f.identity.externalId}</span> : null}</dd>
                  <dt>First seen</dt><dd>{utc(f.firstSeenAt)}</dd>
                  <dt>Last seen</dt><dd>{utc(f.lastSeenAt)}</dd>
                  <dt>First event</dt><dd>{f.firstEvent ? <EventLink f={f} ev={f.firstEvent} /> : "—"}</dd>
                  <dt>Last event</dt><dd>{f.lastEvent ? <EventLink f={f} ev={f.lastEvent} /> : "—"}</dd>
                  <dt>Trail</dt><dd>{trail ? <Link href={trail}>The events behind this finding</Link> : "—"}</dd>
                </dl>
              </div>
            </section>
            <section className="panel section" aria-labelledby="what-title">
              <div className="panel-header"><h2 id="what-title">What it means and what to do</h2></div>
              <div className="panel-body" style={{ display: "grid", gap: "0.6rem" }}>
                <p>{info?.meaning}</p>
                <p><strong>What to do:</strong> {info?.action}</p>
                <p className="subtle">
                  OWASP NHI Top 10: {info?.owasp.map((o) => `${o} ${OWASP_NHI[o]}`).join(" · ")} · SOC 2: {info?.soc2.map((c) => `${c} (${SOC2[c]})`).join(" · ")}
                </p>
              </div>
            </section>
          </div>
          <div>
            <section className="panel" aria-labelledby="state-title">
              <div className="panel-header"><h2 id="state-title">Status and owner</h2></div>
              <div className="panel-body">
                <dl className={styles.dl}>
                  <dt>Status</dt><dd><FindingStatusBadge status={f.status} until={f.suppressedUntil} />{f.statusReason ? <> · {f.statusReason}</> : null}</dd>
                  <dt>Changed</dt><dd>{f.statusChangedAt ? `${utc(f.statusChangedAt)} by ${f.statusChangedBy}` : "—"}</dd>
                  <dt>Assignee</dt><dd>{f.assignee ? `${f.assignee.name ?? ""} ${f.assignee.email}` : "Unassigned"}</dd>
                  {f.reopenedCount ? <><dt>Reopened</dt><dd>{f.reopenedCount} time{f.reopenedCount === 1 ? "" : "s"}</dd></> : null}
                </dl>
              </div>
              {manage ? <div className="panel-body"><FindingActions finding={f} choices={choices} campaigns={campaigns} /></div> : (
                <div className="panel-body"><p className="subtle">Your role ({user.role}) can read findings; administrators and reviewers change them.</p></div>
              )}
            </section>
            <section className="panel section" aria-labelledby="comments-title">
              <div className="panel-header"><h2 id="comments-title">Comments</h2><p>{comments.length}</p></div>
              <div className="panel-body" style={{ display: "grid", gap: "0.5rem" }}>
                {comments.length === 0 ? <p className="subtle">No comments yet.</p> : comments.map((c) => (
                  <div key={c.id} className={styles.comment}><p className="subtle">{c.author} · {utc(c.at)}</p><p style={{ whiteSpace: "pre-wrap" }}>{c.body}</p></div>
                ))}
              </div>
            </section>
            <section className="panel section" aria-labelledby="history-title">
              <div className="panel-header"><h2 id="history-title">History</h2><p>From Warden&apos;s audit log</p></div>
              <div className="panel-body">
                <ol className={styles.history}>
                  {history.map((h, i) => (
                    <li key={i}><strong>{h.action.replace("finding.", "").replace("_", " ")}</strong> by {h.actor} · {utc(h.at)}
                      {h.detail.reason ? <span className={styles.sub}>{String(h.detail.reason)}</span> : null}
                      {h.detail.until ? <span className={styles.sub}>until {String(h.detail.until).slice(0, 10)}</span> : null}
                      {h.detail.to !== undefined && h.action === "finding.assign" ? <span className={styles.sub}>to {String(h.detail.to ?? "nobody")}</span> : null}
                    </li>
                  ))}
                </ol>
              </div>
            </section>
          </div>
        </div>
      </>
    );
  });
}

function EventLink({ f, ev }: { f: Parameters<typeof eventHref>[0]; ev: { ref: string; at: string | null } }) {
  const href = eventHref(f, ev);
  return href ? <Link href={href} className="mono">{ev.ref}</Link> : <span className="mono">{ev.ref}</span>;
}
