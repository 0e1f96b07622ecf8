// The identity page's findings: what is open or acknowledged about this identity, most severe first.
import Link from "next/link";
import type { Actor } from "@/lib/auth/roles";
import { can } from "@/lib/auth/roles";
import { findingsHref, parseFindingFilters } from "@/lib/findings/filters";
import { listFindings } from "@/lib/findings/list-findings";
import { EmptyState } from "../ui/panels";
import { FindingStatusBadge, SeverityBadge } from "./finding-badges";
import styles from "./findings.module.css";

export async function IdentityFindings({ actor, identityId }: { actor: Actor; identityId: string }) {
  if (!can(actor, "findings:read")) return null;
  const filters = { ...parseFindingFilters({}), identity: identityId, pageSize: 20 };
  const page = await listFindings({ actor }, filters);
  return (
    <section className="panel section" aria-labelledby="identity-findings-title">
      <div className="panel-header">
        <h2 id="identity-findings-title">Open findings</h2>
        <p><Link href={findingsHref({ identity: identityId, status: "all" })}>All findings of this identity</Link></p>
      </div>
      {page.total === 0 ? <EmptyState title="No open findings for this identity" /> : (
        <table className={styles.table}>
          <caption className="visually-hidden">Open findings of this identity</caption>
          <thead><tr><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Status</th><th scope="col">Last seen (UTC)</th></tr></thead>
          <tbody>
            {page.rows.map((f) => (
              <tr key={f.id}>
                <td><SeverityBadge severity={f.severity} /></td>
                <td><Link href={`/findings/${f.id}`}>{f.title}</Link><span className={styles.sub}>{f.detector}</span></td>
                <td><FindingStatusBadge status={f.status} /></td>
                <td>{f.lastSeenAt.slice(0, 16).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
