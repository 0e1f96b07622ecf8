// Identities inventory: validated URL state in, one lib call for the page and one for the
// filter choices, then the client table. Everything the view shows is in the URL.
import type { Metadata } from "next";
import Link from "next/link";
import { guardedPage } from "@/components/shell/guarded-page";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/roles";
import type { UserActor } from "@/lib/auth/session";
import { listFilterOptions } from "@/lib/inventory/filter-options";
import {
  DEFAULT_SORT,
  hasActiveFilters,
  identitiesHref,
  identitySearchParams,
  parseIdentityFilters,
  type IdentityFilters,
} from "@/lib/inventory/filters";
import { listIdentities } from "@/lib/inventory/list-identities";
import { IdentitiesTable } from "./identities-table";
import { IdentityFilterBar } from "./identity-filters";

export const metadata: Metadata = { title: "Identities" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function IdentitiesPage({ searchParams }: Props) {
  const filters = parseIdentityFilters(await searchParams);
  return guardedPage({ permission: "inventory:read", area: "Identities" }, (user) => renderIdentities(user, filters));
}

async function renderIdentities(user: UserActor, filters: IdentityFilters) {
  const ctx = { actor: user };
  const [page, options] = await Promise.all([listIdentities(ctx, filters), listFilterOptions(ctx)]);

  const filtered = hasActiveFilters(filters);
  // Clearing filters keeps the chosen order and page size: only the narrowing goes.
  const clearHref = filtered ? identitiesHref({ sort: filters.sort, dir: filters.dir, pageSize: filters.pageSize }) : null;
  const exportQs = identitySearchParams({ ...filters, page: undefined, pageSize: undefined, ...DEFAULT_SORT });
  const exportHref = `/identities/export${exportQs.size ? `?${exportQs}` : ""}`;

  return (
    <>
      <PageHeader
        title="Identities"
        lead="Every human and non-human identity Warden knows about, with its owner, status, risk and credentials."
        actions={
          <>
            {can(user, "inventory:import") ? (
              <Link className="button button-secondary" href="/import">
                Import inventory
              </Link>
            ) : null}
            {page.total > 0 ? (
              <a className="button button-secondary" href={exportHref} download>
                Download CSV
                <span className="visually-hidden">
                  {" "}
                  of all {page.total} {filtered ? "matching " : ""}identities
                </span>
              </a>
            ) : null}
          </>
        }
      />
      {filters.import ? (
        <p className="panel panel-body" role="status">
          Showing the identities one inventory import created or last changed.{" "}
          <Link href={identitiesHref({ ...filters, import: undefined, page: undefined })}>Show every identity</Link>
          {can(user, "inventory:import") ? (
            <>
              {" · "}
              <Link href="/import">Import history</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <IdentityFilterBar
        key={identitySearchParams(filters).toString()}
        filters={filters}
        options={options}
        clearHref={clearHref}
      />
      <IdentitiesTable
        rows={page.rows}
        total={page.total}
        sort={filters.sort}
        dir={filters.dir}
        page={filters.page}
        pageSize={filters.pageSize}
        now={new Date().toISOString()}
        clearHref={clearHref}
      />
    </>
  );
}
