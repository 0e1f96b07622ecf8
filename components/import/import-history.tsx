// The imports applied so far, newest first: when, what (source, mode, files with their SHA-256,
// collection time), who, and what each changed, with a link to the identities it touched.
import Link from "next/link";
import { EmptyState } from "@/components/ui/panels";
import type { ImportRecord } from "@/lib/inventory/import/list-imports";
import styles from "./import.module.css";
import { SampleTable, type Column } from "./sample-table";

const fmt = (n: number | undefined) => (n ?? 0).toLocaleString("en-US");
const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

const COLUMNS: Column<ImportRecord>[] = [
  { header: "Applied", cell: (r) => utc(r.createdAt) },
  { header: "Source", cell: (r) => <>{r.source} <span className="subtle">({r.mode})</span></> },
  {
    header: "Files",
    cell: (r) => r.files.map((f) => (
      <span key={f.sha256 + f.name} style={{ display: "block" }}>
        {f.name} <span className={styles.mono} title={`SHA-256 ${f.sha256}`}>{f.sha256.slice(0, 12)}…</span>
      </span>
    )),
  },
  { header: "Collected", cell: (r) => utc(r.collectedAt) },
  { header: "Identities + / ~ / −", num: true, cell: (r) => `${fmt(r.counts.identities?.added)} / ${fmt(r.counts.identities?.changed)} / ${fmt(r.counts.identities?.removed)}` },
  { header: "Grants + / −", num: true, cell: (r) => `${fmt(r.counts.grants?.added)} / ${fmt(r.counts.grants?.removed)}` },
  { header: "By", cell: (r) => r.actorLabel },
  {
    header: "Identities",
    cell: (r) => (r.identities ? <Link href={`/identities?import=${r.id}`}>{fmt(r.identities)} identities</Link> : <span className="subtle">none last changed by it</span>),
  },
];

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
          <SampleTable caption={`The last ${imports.length} imports. Dry runs write nothing and are not listed.`} showCaption rows={imports} columns={COLUMNS} rowKey={(r) => r.id} />
        </div>
      )}
    </section>
  );
}
