"use client";
// Search, grouping, order and row count for the heatmap. The URL is the state: the form is
// uncontrolled and re-mounted by the page when the view changes; without JavaScript it is a
// plain GET form.
import Link from "next/link";
import type { FormEvent } from "react";
import { useSearchParamNavigation } from "@/components/data-table/use-search-param-navigation";
import {
  DEFAULT_OP_VIEW,
  OP_GROUPS,
  OP_ROW_LIMITS,
  OP_SORTS,
  opHref,
  type OpView,
} from "@/lib/analytics/over-privilege-params";
import styles from "./heatmap-controls.module.css";

export function HeatmapControls({ view }: { view: OpView }) {
  const { navigate } = useSearchParamNavigation();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (k: string) => String(form.get(k) ?? "").trim();
    const d = DEFAULT_OP_VIEW;
    navigate({
      q: value("q") || null,
      group: value("group") === d.group ? null : value("group"),
      sort: value("sort") === d.sort ? null : value("sort"),
      n: value("n") === String(d.n) ? null : value("n"),
    });
  }
  const submitOnChange = (e: { currentTarget: HTMLSelectElement }) => e.currentTarget.form?.requestSubmit();
  const limits = (OP_ROW_LIMITS as readonly number[]).includes(view.n) ? OP_ROW_LIMITS : [...OP_ROW_LIMITS, view.n].sort((a, b) => a - b);

  return (
    <form role="search" aria-label="Heatmap rows" action="/over-privilege" method="get" onSubmit={onSubmit} className={styles.form}>
      {view.window !== DEFAULT_OP_VIEW.window ? <input type="hidden" name="window" value={view.window} /> : null}
      <label className={`field ${styles.search}`}>
        Search identities
        <input className="input" type="search" name="q" defaultValue={view.q ?? ""} placeholder="Name or external ID contains…" maxLength={200} autoComplete="off" />
      </label>
      <Choice label="Group rows by" name="group" value={view.group} options={Object.entries(OP_GROUPS)} onChange={submitOnChange} />
      <Choice label="Order rows by" name="sort" value={view.sort} options={Object.entries(OP_SORTS)} onChange={submitOnChange} />
      <Choice label="Rows" name="n" value={String(view.n)} options={limits.map((n) => [String(n), `Top ${n}`])} onChange={submitOnChange} />
      <div className={styles.actions}>
        <button type="submit" className="button">
          Apply
        </button>
        {view.q ? <Link href={opHref({ ...view, q: undefined })}>Clear search</Link> : null}
      </div>
    </form>
  );
}

/** A labelled select that submits the form when it changes (options are [value, label]). */
function Choice(p: { label: string; name: string; value: string; options: [string, string][]; onChange: (e: { currentTarget: HTMLSelectElement }) => void }) {
  return (
    <label className="field">
      {p.label}
      <select className="select" name={p.name} defaultValue={p.value} onChange={p.onChange}>
        {p.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
