// The one feature set for server-driven tables: sorting and pagination state only. No client
// row models are registered, because the server has already filtered, sorted and paged.
import { metaHelper, rowPaginationFeature, rowSortingFeature, tableFeatures } from "@tanstack/react-table";

export type DataTableColumnMeta = {
  /** Applied to both the header and the body cells of the column. */
  className?: string;
};

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;
