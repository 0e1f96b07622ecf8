"use client";
// The over-privilege heatmap: identities × scopes, scope columns grouped by risk class, sticky
// header and first column. It is an ARIA grid with one tab stop: arrow keys (Home/End, Page
// Up/Down, Ctrl+Home/End) move between cells, Enter opens the identity page filtered to the
// cell's scope. Only cells with something to say render a link; empty cells are bare <td>s that
// get their label when focus reaches them. Rows are virtualised (TanStack Virtual) and the grid
// is drawn in the browser: 500 identities × 300 scopes is 150,000 cells, which would make the
// server render and ship megabytes of HTML for a view the analyst scrolls through.
import { useRouter } from "next/navigation";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent } from "react";
import { KIND_LABELS } from "@/components/inventory/labels";
import { unpackHeat, type PackedHeat } from "@/lib/analytics/heat-pack";
import type { HeatColumn, HeatRow } from "@/lib/analytics/over-privilege";
import type { OpGroup } from "@/lib/analytics/over-privilege-params";
import { identityPageHref } from "@/lib/identities/params";
import { cellLabel, RISK_CLASS_LABELS, RISK_CLASS_SHORT, RISK_WEIGHTS } from "@/lib/analytics/over-privilege-score";
import { HeatRowLine } from "./heatmap-row";
import styles from "./heatmap.module.css";

type Props = {
  /** Rows and columns as compact tuples (see heat-pack.ts). */
  heat: PackedHeat;
  group: OpGroup;
  windowDays: number;
  /** The server's clock (ISO), so that labels agree between server and client renders. */
  now: string;
};

type Group = { key: string; label: string; rows: HeatRow[] };
/** One line of the grid body: a group heading or an identity row (index among identity rows). */
type Item = { kind: "group"; group: Group } | { kind: "row"; row: HeatRow; index: number };

/** Row height in px (cells are 24px + 2×2px padding + 1px border); group headings are measured. */
const ROW_HEIGHT = 29;

function flatten(groups: Group[], grouped: boolean): Item[] {
  const items: Item[] = [];
  let index = 0;
  for (const g of groups) {
    if (grouped) items.push({ kind: "group", group: g });
    for (const row of g.rows) items.push({ kind: "row", row, index: index++ });
  }
  return items;
}

function groupRows(rows: HeatRow[], group: OpGroup): Group[] {
  if (group === "none") return [{ key: "all", label: "", rows }];
  // Groups appear in the order of their first (highest-ranked) row.
  const out = new Map<string, Group>();
  for (const r of rows) {
    const key = group === "team" ? (r.team ?? "") : r.kind;
    const label = group === "team" ? (r.team ?? "No owner team") : KIND_LABELS[r.kind];
    if (!out.has(key)) out.set(key, { key, label, rows: [] });
    out.get(key)!.rows.push(r);
  }
  return [...out.values()];
}

function riskGroups(columns: HeatColumn[]) {
  const out: { risk: HeatColumn["risk"]; span: number }[] = [];
  for (const c of columns) {
    const last = out.at(-1);
    if (last && last.risk === c.risk) last.span++;
    else out.push({ risk: c.risk, span: 1 });
  }
  return out;
}

export function HeatmapGrid({ heat, group, windowDays, now }: Props) {
  const columns = heat.columns;
  // Drawn after hydration only (see the header): the server sends the rows as data, and neither
  // the server render nor the first client render needs them unpacked.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const rows = useMemo(() => (mounted ? unpackHeat(heat) : []), [heat, mounted]);
  const rowCount = heat.rowCount;
  const router = useRouter();
  const table = useRef<HTMLTableElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const clock = useMemo(() => new Date(now), [now]);
  const groups = useMemo(() => groupRows(rows, group), [rows, group]);
  const items = useMemo(() => flatten(groups, group !== "none"), [groups, group]);
  /** Item position of each identity row, for keyboard moves to rows not rendered yet. */
  const itemOfRow = useMemo(() => items.flatMap((it, i) => (it.kind === "row" ? [i] : [])), [items]);
  const byId = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);
  const cellMaps = useMemo(() => new Map(rows.map((r) => [r.id, new Map(r.cells.map((c) => [c.scope, c]))])), [rows]);
  const firstRowId = heat.firstRowId;

  const [headHeight, setHeadHeight] = useState(157);
  useEffect(() => {
    if (mounted && head.current) setHeadHeight(head.current.offsetHeight);
  }, [mounted]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back fresh functions by design; this component is simply left uncompiled.
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (items[i].kind === "group" ? 34 : ROW_HEIGHT),
    overscan: 12,
    scrollMargin: headHeight,
  });
  const visible = virtualizer.getVirtualItems();
  const padTop = visible.length ? visible[0].start - headHeight : 0;
  const padBottom = visible.length ? virtualizer.getTotalSize() - (visible[visible.length - 1].end - headHeight) : 0;

  // A keyboard move to a row outside the rendered range scrolls it in, then focuses it here.
  const pending = useRef<{ row: number; col: number } | null>(null);
  useEffect(() => {
    const p = pending.current;
    if (!p || !table.current) return;
    const tr = table.current.querySelector<HTMLTableRowElement>(`tbody tr[data-row-index="${p.row}"]`);
    if (!tr) return;
    pending.current = null;
    move(target(tr.cells[p.col]));
  });

  /** The focus target inside a cell: its link, or the cell itself (labelled on the way in). */
  function target(cell: Element): HTMLElement {
    const link = cell.querySelector<HTMLElement>("a");
    if (link) return link;
    const td = cell as HTMLTableCellElement;
    const tr = td.parentElement as HTMLTableRowElement;
    const row = byId.get(tr.dataset.row ?? "");
    const column = columns[td.cellIndex - 1];
    if (row && column && !td.hasAttribute("aria-label")) {
      td.setAttribute("aria-label", cellLabel(row.name, column.scope, undefined, windowDays, clock));
    }
    td.tabIndex = -1;
    return td;
  }

  function move(el: HTMLElement) {
    const current = table.current?.querySelector<HTMLElement>('[tabindex="0"]');
    if (current && current !== el) current.tabIndex = -1;
    el.tabIndex = 0;
    el.focus({ preventScroll: true });
    // scroll-margin on cells keeps the focused cell clear of the sticky header and column.
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTableElement>) {
    const from = (e.target as HTMLElement).closest("td, th");
    const tr = from?.parentElement as HTMLTableRowElement | null | undefined;
    if (!from || !tr?.dataset.row || !table.current) return;
    const r = Number(tr.dataset.rowIndex);
    const c = (from as HTMLTableCellElement).cellIndex;
    const last = columns.length;
    const lastRow = rows.length - 1;
    let nr = r;
    let nc = c;
    switch (e.key) {
      case "ArrowRight": nc = Math.min(last, c + 1); break;
      case "ArrowLeft": nc = Math.max(0, c - 1); break;
      case "ArrowDown": nr = Math.min(lastRow, r + 1); break;
      case "ArrowUp": nr = Math.max(0, r - 1); break;
      case "PageDown": nr = Math.min(lastRow, r + 10); break;
      case "PageUp": nr = Math.max(0, r - 10); break;
      case "Home": nc = 0; if (e.ctrlKey) nr = 0; break;
      case "End": nc = last; if (e.ctrlKey) nr = lastRow; break;
      case "Enter":
      case " ":
        if (from.tagName === "TD" && !from.querySelector("a")) {
          e.preventDefault();
          open(tr.dataset.row, c);
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    if (nr === r && nc === c) return;
    const next = table.current.querySelector<HTMLTableRowElement>(`tbody tr[data-row-index="${nr}"]`);
    if (next) {
      move(target(next.cells[nc]));
    } else {
      pending.current = { row: nr, col: nc };
      virtualizer.scrollToIndex(itemOfRow[nr], { align: "auto" });
    }
  }

  function open(rowId: string, cellIndex: number) {
    const column = columns[cellIndex - 1];
    if (column) router.push(identityPageHref(rowId, { scope: column.scope }));
  }

  // A click on an empty cell opens it too (cells with content are links already).
  function onClick(e: MouseEvent<HTMLTableElement>) {
    const td = (e.target as HTMLElement).closest("td");
    const rowId = (td?.parentElement as HTMLTableRowElement | undefined)?.dataset.row;
    if (!td || !rowId || td.querySelector("a")) return;
    open(rowId, td.cellIndex);
  }

  // Roving tab stop follows the mouse too: a clicked link becomes the grid's one tab stop.
  function onFocus(e: FocusEvent<HTMLTableElement>) {
    const el = e.target as HTMLElement;
    if (el.tabIndex !== 0 && el.closest("tbody")) {
      const current = table.current?.querySelector<HTMLElement>('[tabindex="0"]');
      if (current && current !== el) current.tabIndex = -1;
      el.tabIndex = 0;
    }
  }

  // The tab stop may scroll out of the rendered rows; then the first rendered row takes it.
  useEffect(() => {
    const t = table.current;
    if (!t || t.querySelector('tbody [tabindex="0"]')) return;
    t.querySelector<HTMLElement>("tbody tr[data-row] th a")?.setAttribute("tabindex", "0");
  });

  // One tooltip for the whole grid, positioned by hand: a title attribute on thousands of cells
  // would double the page, and React state here would re-render every cell on each mouse move.
  const tip = useRef<HTMLDivElement>(null);
  function onMouseOver(e: MouseEvent<HTMLTableElement>) {
    const td = (e.target as HTMLElement).closest("td");
    const el = tip.current;
    if (!el) return;
    if (!td) {
      el.hidden = true;
      return;
    }
    const tr = td.parentElement as HTMLTableRowElement;
    const row = byId.get(tr.dataset.row ?? "");
    const column = columns[td.cellIndex - 1];
    if (!row || !column) return;
    el.textContent = td.querySelector("a")?.getAttribute("aria-label") ?? cellLabel(row.name, column.scope, undefined, windowDays, clock);
    const box = td.getBoundingClientRect();
    el.style.left = `${Math.min(box.left, window.innerWidth - 360)}px`;
    el.style.top = `${box.bottom + 4}px`;
    el.hidden = false;
  }
  const hideTip = () => {
    if (tip.current) tip.current.hidden = true;
  };

  const span = columns.length + 1;

  return (
    <div className={styles.scroller} role="region" aria-label="Heatmap, scrolls in both directions" ref={scroller}>
      <table
        ref={table}
        role="grid"
        aria-readonly="true"
        aria-rowcount={rowCount + 2}
        aria-label={`Granted and used scopes per identity, last ${windowDays} days`}
        aria-describedby="heatmap-keys"
        className={styles.grid}
        onKeyDown={onKeyDown}
        onClick={onClick}
        onFocus={onFocus}
        onMouseOver={onMouseOver}
        onMouseLeave={hideTip}
      >
        <thead ref={head}>
          <tr aria-rowindex={1}>
            <th scope="col" rowSpan={2} className={styles.corner}>
              <span className={styles.cornerLabel}>Identity</span>
              <span className={styles.cornerMeta}>Unused · score</span>
            </th>
            {riskGroups(columns).map((g, i) => (
              <th
                key={`${g.risk}-${i}`}
                scope="colgroup"
                colSpan={g.span}
                className={`${styles.riskHead} ${styles[`risk_${g.risk ?? "none"}`]}`}
                title={g.risk ? `${RISK_CLASS_LABELS[g.risk]}: weight ${RISK_WEIGHTS[g.risk]}` : "Not in the scope catalog"}
              >
                {g.risk && g.span <= 3 ? (
                  <>
                    <span className={styles.riskText} aria-hidden="true">
                      {RISK_CLASS_SHORT[g.risk]}
                    </span>
                    <span className="visually-hidden">{RISK_CLASS_LABELS[g.risk]}</span>
                  </>
                ) : (
                  <span className={styles.riskText}>{g.risk ? RISK_CLASS_LABELS[g.risk] : "Uncatalogued"}</span>
                )}
              </th>
            ))}
          </tr>
          <tr aria-rowindex={2}>
            {columns.map((c) => (
              <th key={c.scope} scope="col" className={styles.colHead} title={c.scope}>
                <span className={styles.colText}>{c.scope}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {!mounted ? (
            <tr>
              <td colSpan={span} className={styles.loading}>
                Drawing {rowCount} {rowCount === 1 ? "identity" : "identities"}…
              </td>
            </tr>
          ) : (
            <>
              {padTop > 0 ? <tr role="presentation" aria-hidden="true" style={{ height: padTop }} /> : null}
              {visible.map((v) => {
                const item = items[v.index];
                if (item.kind === "group") {
                  return (
                    <tr key={`g-${item.group.key}`} className={styles.groupRow} data-index={v.index} ref={virtualizer.measureElement}>
                      <th scope="rowgroup" colSpan={span}>
                        <span className={styles.groupLabel}>
                          {item.group.label} <span className={styles.groupCount}>· {item.group.rows.length} shown</span>
                        </span>
                      </th>
                    </tr>
                  );
                }
                return (
                  <HeatRowLine
                    key={item.row.id}
                    row={item.row}
                    index={item.index}
                    itemIndex={v.index}
                    measure={virtualizer.measureElement}
                    columns={columns}
                    cells={cellMaps.get(item.row.id)!}
                    firstRowId={firstRowId}
                    windowDays={windowDays}
                    clock={clock}
                  />
                );
              })}
              {padBottom > 0 ? <tr role="presentation" aria-hidden="true" style={{ height: padBottom }} /> : null}
            </>
          )}
        </tbody>
      </table>
      <div ref={tip} className={styles.tip} aria-hidden="true" hidden />
    </div>
  );
}
