"use client";
// Generic shell for server-driven tables: TanStack Table v9 holds sorting and pagination as
// controlled state whose only source is the URL; changing either navigates, and the server
// renders the new page. Markup, semantics and keyboard behaviour are ours.
import {
  functionalUpdate,
  useTable,
  type ColumnDef,
  type PaginationState,
  type RowData,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import { useMemo, type ReactNode } from "react";
import { dataTableFeatures, type DataTableFeatures } from "./features";
import { Pagination, RangeSummary } from "./pagination";
import styles from "./data-table.module.css";
import { useSearchParamNavigation } from "./use-search-param-navigation";

export type DataTableProps<TData extends RowData> = {
  /**
   * Must be stable (module scope): a new array each render rebuilds the column model. `any` is
   * the value type TanStack's own `helper.columns()` returns, one per column.
   */
  columns: Array<ColumnDef<DataTableFeatures, TData, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  data: TData[];
  rowCount: number;
  /** Stable too (module scope). */
  getRowId: (row: TData) => string;
  sort: { id: string; desc: boolean };
  page: number;
  pageSize: number;
  pageSizes: readonly number[];
  defaultPageSize: number;
  caption: string;
  noun: { one: string; many: string };
  /** Shown instead of the table when nothing matches. */
  empty: ReactNode;
};

export function DataTable<TData extends RowData>(props: DataTableProps<TData>) {
  const { navigate, pending } = useSearchParamNavigation();
  const { sort, page, pageSize, defaultPageSize } = props;

  const sorting = useMemo<SortingState>(() => [{ id: sort.id, desc: sort.desc }], [sort.id, sort.desc]);
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);

  const table = useTable({
    features: dataTableFeatures,
    columns: props.columns,
    data: props.data,
    getRowId: props.getRowId,
    rowCount: props.rowCount,
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting, pagination },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = functionalUpdate(updater, sorting);
      if (!next) return;
      // A new order starts at page 1: page 7 of a different order is a different set of rows.
      navigate({ sort: next.id, dir: next.desc ? "desc" : "asc", page: null });
    },
    onPaginationChange: (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      navigate({
        page: next.pageIndex > 0 ? String(next.pageIndex + 1) : null,
        pageSize: next.pageSize === defaultPageSize ? null : String(next.pageSize),
      });
    },
  });

  if (props.rowCount === 0) return <div className={styles.frame}>{props.empty}</div>;

  return (
    <div className={styles.frame} aria-busy={pending || undefined}>
      <div className={styles.toolbar}>
        <RangeSummary
          page={page}
          pageSize={pageSize}
          shown={props.data.length}
          rowCount={props.rowCount}
          noun={props.noun}
        />
        {pending ? (
          <span className={styles.loading} role="status">
            Loading…
          </span>
        ) : null}
      </div>
      <div className={`${styles.scroller} ${pending ? styles.pending : ""}`}>
        <table className={styles.table}>
          <caption className="visually-hidden">{props.caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const column = header.column;
                  const sorted = column.getIsSorted();
                  const canSort = column.getCanSort();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={column.columnDef.meta?.className}
                      aria-sort={
                        !canSort ? undefined : sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"
                      }
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          className={styles.sortButton}
                          onClick={column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          <SortIndicator dir={sorted} />
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {props.data.length === 0 ? (
          <p className={styles.pastEnd} role="status">
            Page {page} is past the last page.{" "}
            <button type="button" className="button button-secondary" onClick={() => table.firstPage()}>
              Go to page 1
            </button>
          </p>
        ) : null}
      </div>
      <Pagination
        page={page}
        pageSize={pageSize}
        pageSizes={props.pageSizes}
        pageCount={table.getPageCount()}
        onPage={(p) => table.setPageIndex(p - 1)}
        onPageSize={(s) => table.setPageSize(s)}
      />
    </div>
  );
}

function SortIndicator({ dir }: { dir: false | "asc" | "desc" }) {
  return (
    <span className={styles.sortIndicator} data-active={dir ? "true" : undefined} aria-hidden="true">
      {dir === "asc" ? "▲" : dir === "desc" ? "▼" : "↕"}
    </span>
  );
}
