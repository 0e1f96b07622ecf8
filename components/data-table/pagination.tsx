"use client";
// "Showing 1–50 of 12,345" above the table; page size and page buttons below it.
import styles from "./data-table.module.css";

const fmt = new Intl.NumberFormat("en-US");

export type RangeSummaryProps = {
  page: number;
  pageSize: number;
  shown: number;
  rowCount: number;
  noun: { one: string; many: string };
};

export type PaginationProps = {
  page: number;
  pageSize: number;
  pageSizes: readonly number[];
  pageCount: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
};

/** The count line above the table; announced politely when the page or filters change. */
export function RangeSummary({ page, pageSize, shown, rowCount, noun }: RangeSummaryProps) {
  const first = (page - 1) * pageSize + 1;
  const last = first + shown - 1;
  const word = rowCount === 1 ? noun.one : noun.many;
  return (
    <p className={styles.summary} aria-live="polite">
      {shown > 0 ? (
        <>
          Showing <strong>{fmt.format(first)}–{fmt.format(last)}</strong> of <strong>{fmt.format(rowCount)}</strong>{" "}
          {word}
        </>
      ) : (
        <>
          {fmt.format(rowCount)} {word}
        </>
      )}
    </p>
  );
}

/** Page size and page buttons below the table. */
export function Pagination(p: PaginationProps) {
  const sizes = p.pageSizes.includes(p.pageSize) ? p.pageSizes : [...p.pageSizes, p.pageSize].sort((a, b) => a - b);
  return (
    <div className={styles.footer}>
      <label className={styles.pageSize}>
        Rows per page
        <select className="select" value={p.pageSize} onChange={(e) => p.onPageSize(Number(e.target.value))}>
          {sizes.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <nav className={styles.pager} aria-label="Pagination">
        <button type="button" className="button button-secondary" disabled={p.page <= 1} onClick={() => p.onPage(1)}>
          <span aria-hidden="true">«</span> First
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={p.page <= 1}
          onClick={() => p.onPage(Math.min(p.page - 1, p.pageCount))}
        >
          <span aria-hidden="true">‹</span> Previous
        </button>
        <span className={styles.pageOf}>
          Page {fmt.format(p.page)} of {fmt.format(p.pageCount)}
        </span>
        <button
          type="button"
          className="button button-secondary"
          disabled={p.page >= p.pageCount}
          onClick={() => p.onPage(p.page + 1)}
        >
          Next <span aria-hidden="true">›</span>
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={p.page >= p.pageCount}
          onClick={() => p.onPage(p.pageCount)}
        >
          Last <span aria-hidden="true">»</span>
        </button>
      </nav>
    </div>
  );
}
