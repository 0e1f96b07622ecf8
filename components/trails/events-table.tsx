"use client";
// The explorer's table: TanStack Table v9 holds column visibility as controlled state whose only
// source is the URL (`cols`); the column picker changes the URL and the server renders the page.
// Rows are already filtered, ordered and paged (keyset) by the server. Markup is ours.
import {
  columnVisibilityFeature,
  createColumnHelper,
  functionalUpdate,
  metaHelper,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type Updater,
} from "@tanstack/react-table";
import Link from "next/link";
import { Fragment, useMemo, useRef, useState } from "react";
import { useSearchParamNavigation } from "@/components/data-table/use-search-param-navigation";
import { ActorBadge } from "@/components/inventory/identity-badges";
import type { EventRow } from "@/lib/events/columns";
import { COLUMN_LABELS, DEFAULT_COLUMNS, EVENT_COLUMNS, type EventColumn } from "@/lib/events/filters";
import { identityPageHref } from "@/lib/identities/params";
import dt from "../data-table/data-table.module.css";
import { ColumnPicker } from "./column-picker";
import { DecisionBadge, NoGrantBadge, RiskClassBadge } from "./event-badges";
import { EventDetail } from "./event-detail";
import styles from "./events-table.module.css";

const features = tableFeatures({
  columnVisibilityFeature,
  columnMeta: metaHelper<{ className?: string }>(),
});
const col = createColumnHelper<typeof features, EventRow>();

const dash = <span className="subtle">—</span>;
const clip = (v: string | null, className = styles.clip) =>
  v ? (
    <span className={className} title={v}>
      {v}
    </span>
  ) : (
    dash
  );

// Column ids are the URL's `cols` values (lib/events/filters EVENT_COLUMNS).
const columns = col.columns([
  col.accessor("at", {
    id: "time" satisfies EventColumn,
    header: COLUMN_LABELS.time,
    enableHiding: false,
    meta: { className: styles.timeCol },
    cell: ({ getValue }) => {
      const at = getValue();
      return (
        <time dateTime={at} title={`${at.slice(0, 10)} ${at.slice(11, 26)} UTC`} className={styles.time}>
          <span>{at.slice(0, 10)}</span>
          <span className={styles.timeOfDay}>{at.slice(11, 23)}</span>
        </time>
      );
    },
  }),
  col.accessor("identityName", {
    id: "identity" satisfies EventColumn,
    header: COLUMN_LABELS.identity,
    meta: { className: styles.identityCol },
    cell: ({ row }) => (
      <span className={styles.identity}>
        <Link href={identityPageHref(row.original.identityId)} className={styles.identityName} title={row.original.identityName ?? row.original.identityRef}>
          {row.original.identityName ?? row.original.identityRef}
        </Link>
        <span className={styles.identityRef} title={row.original.identityRef}>
          {row.original.identityRef}
        </span>
      </span>
    ),
  }),
  col.accessor("actorType", {
    id: "actor" satisfies EventColumn,
    header: COLUMN_LABELS.actor,
    cell: ({ getValue }) => <ActorBadge actorType={getValue() === "human" ? "human" : "nhi"} />,
  }),
  col.accessor("ownerTeam", {
    id: "owner" satisfies EventColumn,
    header: COLUMN_LABELS.owner,
    cell: ({ getValue }) => getValue() ?? <span className="subtle">No owner</span>,
  }),
  col.accessor("action", {
    id: "action" satisfies EventColumn,
    header: COLUMN_LABELS.action,
    cell: ({ getValue }) => clip(getValue(), styles.mono),
  }),
  col.accessor("scope", {
    id: "scope" satisfies EventColumn,
    header: COLUMN_LABELS.scope,
    cell: ({ getValue }) => clip(getValue(), styles.mono),
  }),
  col.accessor("resource", {
    id: "resource" satisfies EventColumn,
    header: COLUMN_LABELS.resource,
    cell: ({ getValue }) => clip(getValue()),
  }),
  col.accessor("decision", {
    id: "decision" satisfies EventColumn,
    header: COLUMN_LABELS.decision,
    // The outcome in one place: the decision, and whether the scope was held at that moment.
    cell: ({ row }) => (
      <span className={styles.withBadge} title={row.original.reason ?? undefined}>
        <DecisionBadge decision={row.original.decision} />
        {row.original.granted === false ? <NoGrantBadge /> : null}
      </span>
    ),
  }),
  col.accessor("riskClass", {
    id: "risk" satisfies EventColumn,
    header: COLUMN_LABELS.risk,
    cell: ({ getValue }) => <RiskClassBadge riskClass={getValue()} />,
  }),
  col.accessor("reason", { id: "reason" satisfies EventColumn, header: COLUMN_LABELS.reason, cell: ({ getValue }) => clip(getValue()) }),
  col.accessor("sourceIp", {
    id: "sourceIp" satisfies EventColumn,
    header: COLUMN_LABELS.sourceIp,
    cell: ({ getValue }) => clip(getValue(), styles.mono),
  }),
  col.accessor("userAgent", { id: "userAgent" satisfies EventColumn, header: COLUMN_LABELS.userAgent, cell: ({ getValue }) => clip(getValue()) }),
  col.accessor("origin", { id: "origin" satisfies EventColumn, header: COLUMN_LABELS.origin, cell: ({ getValue }) => clip(getValue()) }),
  col.accessor("credentialRef", {
    id: "credential" satisfies EventColumn,
    header: COLUMN_LABELS.credential,
    cell: ({ getValue }) => clip(getValue(), styles.mono),
  }),
  col.accessor((r) => r.sessionId ?? r.traceId, {
    id: "session" satisfies EventColumn,
    header: COLUMN_LABELS.session,
    cell: ({ row }) => clip(row.original.sessionId ?? row.original.traceId, styles.mono),
  }),
  col.accessor((r) => r.path, {
    id: "http" satisfies EventColumn,
    header: COLUMN_LABELS.http,
    cell: ({ row }) => {
      const { method, path, status } = row.original;
      if (!method && !path && status === null) return dash;
      return clip([method, path, status !== null ? `→ ${status}` : null].filter(Boolean).join(" "), styles.mono);
    },
  }),
  col.accessor("policyId", { id: "policy" satisfies EventColumn, header: COLUMN_LABELS.policy, cell: ({ getValue }) => clip(getValue(), styles.mono) }),
  col.accessor("environment", { id: "environment" satisfies EventColumn, header: COLUMN_LABELS.environment, cell: ({ getValue }) => getValue() ?? dash }),
  col.accessor("eventId", { id: "eventId" satisfies EventColumn, header: COLUMN_LABELS.eventId, cell: ({ getValue }) => clip(getValue(), styles.mono) }),
]);

const rowId = (r: EventRow) => r.id;

export function EventsTable({ rows, visible, caption }: { rows: EventRow[]; visible: EventColumn[]; caption: string }) {
  const { navigate, pending } = useSearchParamNavigation();
  // Which rows are open to their full event: ephemeral, so local state rather than the URL.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const columnVisibility = useMemo<ColumnVisibilityState>(
    () => Object.fromEntries(EVENT_COLUMNS.map((c) => [c, visible.includes(c)])),
    [visible],
  );
  // Toggles made before the previous navigation lands build on each other, not on the stale URL.
  const pendingVisibility = useRef<{ base: ColumnVisibilityState; value: ColumnVisibilityState } | null>(null);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: rowId,
    state: { columnVisibility },
    onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) => {
      const p = pendingVisibility.current;
      const next = functionalUpdate(updater, p && p.base === columnVisibility ? p.value : columnVisibility);
      pendingVisibility.current = { base: columnVisibility, value: next };
      const chosen = EVENT_COLUMNS.filter((c) => next[c] !== false);
      const isDefault = chosen.join(",") === DEFAULT_COLUMNS.join(",");
      // The cursor stays: the same rows, shown with other columns.
      navigate({ cols: isDefault ? null : chosen.join(",") });
    },
  });

  return (
    <div className={`${dt.frame} ${styles.frame}`} aria-busy={pending || undefined}>
      <div className={dt.toolbar}>
        <p className={dt.summary}>{caption}</p>
        {pending ? (
          <span className={dt.loading} role="status">
            Loading…
          </span>
        ) : null}
        <ColumnPicker
          columns={table.getAllLeafColumns().map((c) => ({
            id: c.id,
            label: COLUMN_LABELS[c.id as EventColumn] ?? c.id,
            visible: c.getIsVisible(),
            canHide: c.getCanHide(),
            toggle: (v: boolean) => c.toggleVisibility(v),
          }))}
          onReset={() => navigate({ cols: null })}
        />
      </div>
      <div className={`${dt.scroller} ${pending ? dt.pending : ""}`}>
        <table className={`${dt.table} ${styles.table}`}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                <th scope="col" className={styles.toggleCol}>
                  <span className="visually-hidden">Full event</span>
                </th>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className={header.column.columnDef.meta?.className}>
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => {
              const e = row.original;
              const flagged = e.decision !== "allow" || e.granted === false;
              const isOpen = open.has(row.id);
              const cells = row.getVisibleCells();
              return (
                <Fragment key={row.id}>
                  <tr className={flagged ? styles.flagged : undefined}>
                    <td className={styles.toggleCol}>
                      <button
                        type="button"
                        className={styles.toggle}
                        aria-expanded={isOpen}
                        aria-controls={isOpen ? `event-${row.id}` : undefined}
                        onClick={() => toggle(row.id)}
                      >
                        <span aria-hidden="true">{isOpen ? "▾" : "▸"}</span>
                        <span className="visually-hidden">Full event {e.eventId}</span>
                      </button>
                    </td>
                    {cells.map((cell) => (
                      <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                  {isOpen ? (
                    <tr id={`event-${row.id}`} className={styles.detailRow}>
                      <td colSpan={cells.length + 1}>
                        <EventDetail event={e} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
