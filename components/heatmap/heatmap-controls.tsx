"use client";
// Search, grouping, order and row count for the heatmap. The URL is the state: the form is
// uncontrolled and re-mounted by the page when the view changes; without JavaScript it is a
// plain GET form.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import { OP_GROUPS, OP_ROW_LIMITS, OP_SORTS, opHref, opViewState, parseOpView, type OpView } from "@/lib/analytics/over-privilege-params";
import styles from "./heatmap-controls.module.css";

export function HeatmapControls({ view }: { view: OpView }) {
  const router = useRouter();
  const [, startTransition] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (k: keyof OpView) => String(form.get(k) ?? "");
    // The same parser and link builder as the page: defaults drop out of the URL.
    const next = parseOpView({ window: view.window, q: value("q"), group: value("group"), sort: value("sort"), n: value("n") });
    startTransition(() => router.push(opHref(next)));
  }
  const submitOnChange = (e: { currentTarget: HTMLSelectElement }) => e.currentTarget.form?.requestSubmit();
  const limits = (OP_ROW_LIMITS as readonly number[]).includes(view.n) ? OP_ROW_LIMITS : [...OP_ROW_LIMITS, view.n].sort((a, b) => a - b);

  return (
    <form role="search" aria-label="Heatmap rows" action="/over-privilege" method="get" onSubmit={onSubmit} className={styles.form}>
      {view.window !== opViewState.defaults.window ? <input type="hidden" name="window" value={view.window} /> : null}
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
