"use client";
// The identities table: column definitions over the generic server-driven DataTable.
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import type { DataTableFeatures } from "@/components/data-table/features";
import { ActorBadge, NoOwnerBadge, RiskBadge, StatusBadge } from "@/components/inventory/identity-badges";
import { KIND_LABELS } from "@/components/inventory/labels";
import { EmptyState } from "@/components/ui/panels";
import { ReferenceTimeProvider, RelativeTime } from "@/components/ui/relative-time";
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, type IdentitySortKey } from "@/lib/inventory/filters";
import type { IdentityListRow } from "@/lib/inventory/list-identities";
import styles from "./identities.module.css";

const col = createColumnHelper<DataTableFeatures, IdentityListRow>();

// Column ids double as the URL's sort keys (lib/inventory/filters IDENTITY_SORT_KEYS).
const columns = col.columns([
  col.accessor("name", {
    header: "Name",
    sortDescFirst: false,
    meta: { className: styles.nameCol },
    cell: ({ row }) => (
      <div className={styles.name}>
        <Link href={`/identities/${row.original.id}`} className={styles.primary} title={row.original.name}>
          {row.original.name}
        </Link>
        <span className={styles.external} title={row.original.externalId}>
          {row.original.externalId}
        </span>
      </div>
    ),
  }),
  col.accessor("kind", {
    header: "Kind",
    sortDescFirst: false,
    cell: ({ getValue }) => KIND_LABELS[getValue()],
  }),
  col.accessor("actorType", {
    header: "Actor",
    enableSorting: false,
    cell: ({ getValue }) => <ActorBadge actorType={getValue()} />,
  }),
  col.accessor((r) => r.owner?.team ?? null, {
    id: "owner" satisfies IdentitySortKey,
    header: "Owner",
    sortDescFirst: false,
    cell: ({ row }) => {
      const owner = row.original.owner;
      if (!owner) return <NoOwnerBadge />;
      return (
        <span className={styles.owner} title={owner.personEmail}>
          <span className={styles.ownerTeam}>{owner.team}</span>
          <span className={styles.ownerPerson}>{owner.personName}</span>
        </span>
      );
    },
  }),
  col.accessor("environment", { header: "Environment", sortDescFirst: false, meta: { className: styles.nowrap } }),
  col.accessor("status", {
    header: "Status",
    sortDescFirst: false,
    cell: ({ getValue }) => <StatusBadge status={getValue()} />,
  }),
  col.accessor("riskScore", {
    id: "risk" satisfies IdentitySortKey,
    header: "Risk",
    sortDescFirst: true,
    meta: { className: styles.nowrap },
    cell: ({ row }) => <RiskBadge score={row.original.riskScore} band={row.original.riskBand} />,
  }),
  col.accessor((r) => r.credentials.active, {
    id: "credentials",
    header: "Credentials",
    enableSorting: false,
    meta: { className: styles.numCol },
    cell: ({ row }) => {
      const { active, total } = row.original.credentials;
      return (
        <span title={`${active} active of ${total}`} className="num">
          {active}
          {total > active ? <span className="subtle"> of {total}</span> : null}
        </span>
      );
    },
  }),
  col.accessor("lastSeenAt", {
    id: "lastSeen" satisfies IdentitySortKey,
    header: "Last seen",
    sortDescFirst: true,
    meta: { className: styles.nowrap },
    cell: ({ getValue }) => <RelativeTime iso={getValue()} />,
  }),
]);

const rowId = (r: IdentityListRow) => r.id;

export type IdentitiesTableProps = {
  rows: IdentityListRow[];
  total: number;
  sort: IdentitySortKey;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
  now: string;
  clearHref: string | null;
};

export function IdentitiesTable(p: IdentitiesTableProps) {
  return (
    <ReferenceTimeProvider now={p.now}>
      <DataTable
        columns={columns}
        data={p.rows}
        rowCount={p.total}
        getRowId={rowId}
        sort={{ id: p.sort, desc: p.dir === "desc" }}
        page={p.page}
        pageSize={p.pageSize}
        pageSizes={PAGE_SIZES}
        defaultPageSize={DEFAULT_PAGE_SIZE}
        caption="Identities matching the current filters"
        noun={{ one: "identity", many: "identities" }}
        empty={
          p.clearHref ? (
            <EmptyState title="No identities match these filters">
              <Link href={p.clearHref}>Clear filters</Link>
            </EmptyState>
          ) : (
            <EmptyState title="No identities yet">
              <p>
                Run <code>npm run seed</code> for a demo estate, or send events to <code>POST /api/v1/events</code>:
                identities Warden has not seen before are added as <em>discovered</em>.
              </p>
            </EmptyState>
          )
        }
      />
    </ReferenceTimeProvider>
  );
}
