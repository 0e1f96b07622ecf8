"use client";
// Filter bar. Its state is the URL: inputs are uncontrolled and the page re-mounts the bar
// (key) whenever the parsed filters change, so back/forward and shared links show the filters
// that produced the table. Without JavaScript it is a plain GET form and still works.
import Link from "next/link";
import type { FormEvent, ReactNode } from "react";
import { useSearchParamNavigation } from "@/components/data-table/use-search-param-navigation";
import { KIND_LABELS, RISK_LABELS, RISK_RANGES, STATUS_LABELS } from "@/components/inventory/labels";
import { DEFAULT_PAGE_SIZE, DEFAULT_SORT, FILTER_KEYS, type IdentityFilters } from "@/lib/inventory/filters";
import type { FilterOptions } from "@/lib/inventory/filter-options";
import { RISK_BANDS } from "@/lib/inventory/risk";
import styles from "./identities.module.css";

type Props = { filters: IdentityFilters; options: FilterOptions; clearHref: string | null };

export function IdentityFilterBar({ filters, options, clearHref }: Props) {
  const { navigate } = useSearchParamNavigation();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const changes: Record<string, string | null> = { page: null };
    for (const key of FILTER_KEYS) changes[key] = String(form.get(key) ?? "").trim() || null;
    navigate(changes);
  }

  // A value from a link that is no longer in the lists still shows as selected, not as "All".
  const environments =
    filters.environment && !options.environments.includes(filters.environment)
      ? [filters.environment, ...options.environments]
      : options.environments;
  const unknownOwner =
    filters.owner && filters.owner !== "none" && !options.owners.some((o) => o.id === filters.owner);

  const submitOnChange = (e: { currentTarget: HTMLSelectElement }) => e.currentTarget.form?.requestSubmit();

  return (
    <form
      role="search"
      aria-label="Filter identities"
      action="/identities"
      method="get"
      onSubmit={onSubmit}
      className={`panel ${styles.filters}`}
    >
      <div className={styles.searchRow}>
        <label className={`field ${styles.search}`}>
          <span>
            Search <span className={styles.hint}>· any part of the name or external ID</span>
          </span>
          <input
            className="input"
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder="e.g. svc-payments"
            maxLength={200}
            autoComplete="off"
          />
        </label>
        <div className={styles.filterActions}>
          <button type="submit" className="button">
            Apply
          </button>
          {clearHref ? <Link href={clearHref}>Clear filters</Link> : null}
        </div>
      </div>
      <div className={styles.selects}>
        <Select label="Kind" name="kind" value={filters.kind} onChange={submitOnChange} any="All kinds">
          {Object.entries(KIND_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Select label="Actor" name="actor" value={filters.actor} onChange={submitOnChange} any="All actors">
          <option value="nhi">NHI (non-human)</option>
          <option value="human">Human</option>
        </Select>
        <Select label="Owner" name="owner" value={filters.owner} onChange={submitOnChange} any="Any owner">
          <option value="none">No owner</option>
          {unknownOwner ? <option value={filters.owner}>Unknown owner</option> : null}
          {options.owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.team} · {o.personName}
            </option>
          ))}
        </Select>
        <Select label="Environment" name="environment" value={filters.environment} onChange={submitOnChange} any="All">
          {environments.map((env) => (
            <option key={env} value={env}>
              {env}
            </option>
          ))}
        </Select>
        <Select label="Status" name="status" value={filters.status} onChange={submitOnChange} any="Any status">
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Select label="Risk" name="risk" value={filters.risk} onChange={submitOnChange} any="Any risk">
          {RISK_BANDS.map((band) => (
            <option key={band} value={band}>
              {RISK_LABELS[band]} ({RISK_RANGES[band]})
            </option>
          ))}
        </Select>
      </div>
      {/* Sort and page size survive a no-JavaScript submit; the JS path keeps them from the URL. */}
      {filters.sort !== DEFAULT_SORT.sort || filters.dir !== DEFAULT_SORT.dir ? (
        <>
          <input type="hidden" name="sort" value={filters.sort} />
          <input type="hidden" name="dir" value={filters.dir} />
        </>
      ) : null}
      {filters.pageSize !== DEFAULT_PAGE_SIZE ? <input type="hidden" name="pageSize" value={filters.pageSize} /> : null}
      {/* Narrowed to one import from the Import page: kept while other filters change. */}
      {filters.import ? <input type="hidden" name="import" value={filters.import} /> : null}
    </form>
  );
}

function Select({
  label,
  name,
  value,
  any,
  onChange,
  children,
}: {
  label: string;
  name: string;
  value: string | undefined;
  any: string;
  onChange: (e: { currentTarget: HTMLSelectElement }) => void;
  children: ReactNode;
}) {
  return (
    <label className="field">
      {label}
      <select className="select" name={name} defaultValue={value ?? ""} onChange={onChange}>
        <option value="">{any}</option>
        {children}
      </select>
    </label>
  );
}
