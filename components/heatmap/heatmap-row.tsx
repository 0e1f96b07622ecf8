// One identity row of the heatmap: its row header (name, unused/granted, score) and a cell per
// column. Cells with something to say are links to the identity page filtered to the scope; the
// rest are bare <td>s (see heatmap-grid.tsx for keyboard and pointer handling).
import Link from "next/link";
import { KIND_LABELS } from "@/components/inventory/labels";
import type { HeatColumn, HeatRow } from "@/lib/analytics/over-privilege";
import { identityPageHref } from "@/lib/identities/params";
import { cellLabel, cellState, formatScore, intensityLevel, type HeatCell } from "@/lib/analytics/over-privilege-score";
import styles from "./heatmap.module.css";

function scoreTone(score: number | null): string {
  if (score === null) return styles.scoreNone;
  if (score >= 0.75) return styles.scoreHigh;
  if (score >= 0.4) return styles.scoreMid;
  return styles.scoreLow;
}

export function HeatRowLine({
  row: r,
  index,
  itemIndex,
  measure,
  columns,
  cells,
  firstRowId,
  windowDays,
  clock,
}: {
  row: HeatRow;
  index: number;
  itemIndex: number;
  measure: (el: HTMLTableRowElement | null) => void;
  columns: HeatColumn[];
  cells: Map<string, HeatCell>;
  firstRowId: string | undefined;
  windowDays: number;
  clock: Date;
}) {
  return (
    <tr data-row={r.id} data-row-index={index} data-index={itemIndex} aria-rowindex={index + 3} ref={measure}>
      <th scope="row" className={styles.rowHead}>
        <span className={styles.rowHeadInner}>
          <Link
            href={identityPageHref(r.id)}
            className={styles.idName}
            tabIndex={r.id === firstRowId ? 0 : -1}
            prefetch={false}
            title={`${r.name} · ${KIND_LABELS[r.kind]} · ${r.team ?? "no owner team"}${r.status !== "active" ? ` · ${r.status}` : ""}\n${r.externalId}`}
          >
            {r.name}
          </Link>
          {r.actorType === "human" ? <span className={styles.human}>Human</span> : null}
          <span className={styles.unusedCount} title={`${r.unused} of ${r.granted} granted scopes unused`}>
            {r.granted > 0 ? `${r.unused}/${r.granted}` : "no grants"}
          </span>
          <span
            className={`${styles.score} ${scoreTone(r.score)}`}
            title={r.score === null ? "No grants: no score" : `Over-privilege score ${formatScore(r.score)} of 100`}
          >
            {formatScore(r.score)}
          </span>
        </span>
      </th>
      {columns.map((c) => {
        const cell = cells.get(c.scope);
        if (!cell) return <td key={c.scope} />;
        const state = cellState(cell);
        const label = cellLabel(r.name, c.scope, cell, windowDays, clock);
        const level = state === "used" ? styles[`l${intensityLevel(cell.uses)}`] : "";
        return (
          <td key={c.scope}>
            <Link
              href={identityPageHref(r.id, { scope: c.scope })}
              className={`${styles.cell} ${styles[state]} ${level}`}
              aria-label={label}
              tabIndex={-1}
              prefetch={false}
            >
              {state === "ungranted" ? <span aria-hidden="true">!</span> : null}
            </Link>
          </td>
        );
      })}
    </tr>
  );
}
