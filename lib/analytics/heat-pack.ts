// The heatmap's rows travel from the server page to the browser grid as compact tuples: 500 rows
// hold ~4,000 cells, and as objects (scope and risk repeated per cell, ISO dates) they made the
// page ~0.9 MB and its serialisation the slowest part of the response. Scope and risk are sent
// once as columns; a cell names its column by index. The rows travel as one JSON string: React's
// payload writer walks every nested value it is given (~20,000 numbers for 500 rows, ~30 ms of the
// server's time), but copies a string whole, and the browser parses it with JSON.parse.
import type { HeatColumn, HeatRow } from "./over-privilege";
import type { HeatCell } from "./over-privilege-score";

/** [column index, grantedAtMs, uses, denied, ungrantedUses] */
export type PackedCell = [number, number | null, number, number, number];
export type PackedRow = Omit<HeatRow, "cells"> & { cells: PackedCell[] };
export type PackedHeat = {
  columns: HeatColumn[];
  rowCount: number;
  firstRowId: string | undefined;
  /** JSON of PackedRow[]. */
  rows: string;
};

export function packHeat(rows: readonly HeatRow[], columns: readonly HeatColumn[]): PackedHeat {
  const index = new Map(columns.map((c, i) => [c.scope, i]));
  return {
    columns: [...columns],
    rowCount: rows.length,
    firstRowId: rows[0]?.id,
    rows: JSON.stringify(rows.map(({ cells, ...row }) => ({
      ...row,
      cells: cells.map((c): PackedCell => {
        const col = index.get(c.scope);
        if (col === undefined) throw new Error(`heatmap cell for scope ${c.scope} has no column`);
        return [col, c.grantedAtMs, c.uses, c.denied, c.ungrantedUses];
      }),
    }))),
  };
}

export function unpackHeat(packed: PackedHeat): HeatRow[] {
  const { columns } = packed;
  return (JSON.parse(packed.rows) as PackedRow[]).map((row) => ({
    ...row,
    cells: row.cells.map(([col, grantedAtMs, uses, denied, ungrantedUses]): HeatCell => ({
      scope: columns[col].scope,
      risk: columns[col].risk,
      grantedAtMs,
      uses,
      denied,
      ungrantedUses,
    })),
  }));
}
