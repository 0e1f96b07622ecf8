"use client";
// Rows per page for the explorer, kept in the URL; a new size starts again at the newest event.
import { useSearchParamNavigation } from "@/components/data-table/use-search-param-navigation";
import { DEFAULT_EVENT_PAGE_SIZE, EVENT_PAGE_SIZES } from "@/lib/events/filters";
import styles from "../data-table/data-table.module.css";

export function PageSizeSelect({ pageSize }: { pageSize: number }) {
  const { navigate } = useSearchParamNavigation();
  const sizes = (EVENT_PAGE_SIZES as readonly number[]).includes(pageSize)
    ? EVENT_PAGE_SIZES
    : [...EVENT_PAGE_SIZES, pageSize].sort((a, b) => a - b);
  return (
    <label className={styles.pageSize}>
      Rows per page
      <select
        className="select"
        value={pageSize}
        onChange={(e) => {
          const n = Number(e.currentTarget.value);
          navigate({ pageSize: n === DEFAULT_EVENT_PAGE_SIZE ? null : String(n), before: null, after: null });
        }}
      >
        {sizes.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}
