// The imports applied so far, newest first: when, what (source, mode, files with their SHA-256,
// collection time), who, and what each changed, with a link to the identities it touched.
import Link from "next/link";
import { EmptyState } from "@/components/ui/panels";
import type { ImportRecord } from "@/lib/inventory/import/list-imports";
import styles from "./import.module.css";

const fmt = (n: number | undefined) => (n ?? 0).toLocaleString("en-US");
const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function ImportHistory({ imports }: { imports: ImportRecord[] }) {
  return (
    <section className="panel section" aria-labelledby="history-title">
      <div className="panel-header">
        <h2 id="history-title">Import history</h2>
        {imports.length ? (
          <a className="button button-secondary" href="/import/history.csv" download>
            Download CSV<span className="visually-hidden"> of the import history</span>
          </a>
        ) : null}
      </div>
      {imports.length === 0 ? (
        <EmptyState title="No import yet">
          <p>Applied imports appear here with the files they read (and their SHA-256), what they changed and who ran them.</p>
        </EmptyState>
      ) : (
        <div className={styles.sectionBody}>
          <table className={styles.table}>
            <caption>The last {imports.length} imports. Dry runs write nothing and are not listed.</caption>
            <thead>
              <tr>
                <th scope="col">Applied</th>
                <th scope="col">Source</th>
                <th scope="col">Files</th>
                <th scope="col">Collected</th>
                <th scope="col" className={styles.num}>Identities + / ~ / −</th>
                <th scope="col" className={styles.num}>Grants + / −</th>
                <th scope="col">By</th>
                <th scope="col"><span className="visually-hidden">Identities</span></th>
              </tr>
            </thead>
            <tbody>
              {imports.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className={styles.nowrap}>{utc(r.createdAt)}</th>
                  <td>{r.source} <span className="subtle">({r.mode})</span></td>
                  <td>
                    {r.files.map((f) => (
                      <span key={f.sha256 + f.name} style={{ display: "block" }}>
                        {f.name} <span className={styles.mono} title={`SHA-256 ${f.sha256}`}>{f.sha256.slice(0, 12)}…</span>
                      </span>
                    ))}
                  </td>
                  <td className={styles.nowrap}>{utc(r.collectedAt)}</td>
                  <td className={styles.num}>{fmt(r.counts.identities?.added)} / {fmt(r.counts.identities?.changed)} / {fmt(r.counts.identities?.removed)}</td>
                  <td className={styles.num}>{fmt(r.counts.grants?.added)} / {fmt(r.counts.grants?.removed)}</td>
                  <td>{r.actorLabel}</td>
                  <td>{r.identities ? <Link href={`/identities?import=${r.id}`}>{fmt(r.identities)} identities</Link> : <span className="subtle">none last changed by it</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
