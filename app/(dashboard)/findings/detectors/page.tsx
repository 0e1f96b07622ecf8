// The detector catalogue: every detector, what a finding from it means and what to do, its
// severity, OWASP NHI Top 10 (2025) item, SOC 2 criteria, parameters (as configured) and last run.
import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/findings/findings.module.css";
import { SeverityBadge } from "@/components/findings/finding-badges";
import { guardedPage } from "@/components/shell/guarded-page";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import { DETECTORS } from "@/lib/detections/catalogue";
import { OWASP_NHI, SOC2 } from "@/lib/detections/detector";
import { listDetectorStatus } from "@/lib/detections/update-settings";
import { findingsHref } from "@/lib/findings/filters";

export const metadata: Metadata = { title: "Detectors" };

export default async function DetectorsPage() {
  return guardedPage({ permission: "findings:read", area: "Findings" }, async (user) => {
    const status = new Map((await listDetectorStatus({ actor: user })).map((s) => [s.id, s]));
    return (
      <>
        <nav aria-label="Breadcrumb" className="crumbs"><Link href="/findings">Findings</Link> / <span aria-current="page">Detectors</span></nav>
        <PageHeader title="Detector catalogue" lead="What Warden looks for, when, and what a finding from each detector means." actions={can(user, "detections:configure") ? <Link className="button button-secondary" href="/settings#detectors">Change parameters</Link> : null} />
        <div className={styles.scroll}>
          <table className={`panel ${styles.table}`}>
            <caption className="visually-hidden">Detectors</caption>
            <thead><tr><th scope="col">Detector</th><th scope="col">Runs</th><th scope="col">Severity</th><th scope="col">Means / do</th><th scope="col">OWASP NHI · SOC 2</th><th scope="col">Parameters</th><th scope="col">Last run</th></tr></thead>
            <tbody>
              {DETECTORS.map((d) => {
                const s = status.get(d.id)!;
                return (
                  <tr key={d.id} id={d.id}>
                    <td><Link href={findingsHref({ detector: d.id, status: "all" })} className={styles.title}>{d.title}</Link><span className={`${styles.sub} mono`}>{d.id}</span>{s.enabled ? null : <span className="badge badge-neutral">off</span>}</td>
                    <td>{d.kind === "ingest" ? "every ingest batch" : s.cadence}</td>
                    <td><SeverityBadge severity={d.severity} /></td>
                    <td style={{ maxWidth: "28rem" }}><p>{d.meaning}</p><p className="subtle">{d.action}</p></td>
                    <td>{d.owasp.map((o) => <span key={o} className={styles.sub} title={OWASP_NHI[o]}>{o} {OWASP_NHI[o]}</span>)}{d.soc2.map((c) => <span key={c} className={styles.sub} title={SOC2[c]}>{c}</span>)}</td>
                    <td>{s.params.length === 0 ? <span className="subtle">none</span> : s.params.map((p) => <span key={p.key} className={styles.sub}>{p.label}: <strong>{Array.isArray(p.value) ? p.value.join(", ") : String(p.value)}</strong>{p.customised ? " (changed)" : ""}</span>)}</td>
                    <td>{d.kind === "ingest" ? <span className="subtle">continuous</span> : s.lastRun ? <>{s.lastRun.at.slice(0, 16).replace("T", " ")} UTC<span className={styles.sub}>{s.lastRun.ok ? `${s.lastRun.candidates} found, ${s.lastRun.ms} ms` : `failed: ${s.lastRun.error}`}</span></> : <span className="subtle">not yet</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </>
    );
  });
}
