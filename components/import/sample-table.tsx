// One table of rows with declared columns; the first column heads each row. Used by the dry-run
// diff and the import history.
import type { ReactNode } from "react";
import styles from "./import.module.css";

export type Column<T> = { header: string; cell: (row: T) => ReactNode; mono?: boolean; num?: boolean };

const cls = (c: { mono?: boolean; num?: boolean }) => [c.mono ? styles.mono : "", c.num ? styles.num : ""].join(" ").trim() || undefined;

export function SampleTable<T>({ caption, rows, columns, rowKey, showCaption = false }: {
  caption: string; rows: T[]; columns: Column<T>[]; rowKey: (row: T) => string; showCaption?: boolean;
}) {
  const [first, ...rest] = columns;
  return (
    <table className={styles.table}>
      <caption className={showCaption ? undefined : "visually-hidden"}>{caption}</caption>
      <thead>
        <tr>{columns.map((c) => <th key={c.header} scope="col" className={c.num ? styles.num : undefined}>{c.header}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            <th scope="row" className={cls(first)}>{first.cell(r)}</th>
            {rest.map((c) => <td key={c.header} className={cls(c)}>{c.cell(r)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
