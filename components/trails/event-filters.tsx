"use client";
// The explorer's filter bar. Its state is the URL: inputs are uncontrolled and the page re-mounts
// the bar (key) whenever the parsed filters change. Without JavaScript it is a plain GET form.
// Applying filters drops the keyset cursor (a new set starts at its newest event) but keeps the
// chosen columns and page size.
import Link from "next/link";
import { useRef, type FormEvent, type ReactNode } from "react";
import { useSearchParamNavigation } from "@/components/data-table/use-search-param-navigation";
import { KIND_LABELS } from "@/components/inventory/labels";
import {
  DEFAULT_EVENT_PAGE_SIZE,
  DEFAULT_RANGE,
  RANGE_LABELS,
  RANGE_PRESETS,
  toMinuteInput,
  type EventFilters,
  type RangePreset,
} from "@/lib/events/filters";
import styles from "./event-filters.module.css";

type Props = { filters: EventFilters; teams: string[]; clearHref: string | null; window: { from: string; to: string } };

const TEXT_KEYS = ["identity", "action", "resource", "scope", "ip", "session", "q"] as const;
const SELECT_KEYS = ["owner", "kind", "decision"] as const;

export function EventFilterBar({ filters, teams, clearHref, window }: Props) {
  const { navigate } = useSearchParamNavigation();
  const rangeRef = useRef<HTMLSelectElement>(null);
  const custom = Boolean(filters.from || filters.to);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (k: string) => String(form.get(k) ?? "").trim() || null;
    const changes: Record<string, string | null> = { before: null, after: null };
    for (const key of [...TEXT_KEYS, ...SELECT_KEYS]) changes[key] = value(key);
    changes.grant = form.get("grant") ? "out" : null;
    const range = value("range");
    if (range === "custom") {
      changes.range = null;
      changes.from = value("from");
      changes.to = value("to");
    } else {
      changes.range = range === DEFAULT_RANGE ? null : range;
      changes.from = null;
      changes.to = null;
    }
    navigate(changes);
  }

  const submit = (el: HTMLElement) => el.closest("form")?.requestSubmit();
  const toCustom = () => {
    if (rangeRef.current) rangeRef.current.value = "custom";
  };
  const advanced = Boolean(filters.action || filters.scope || filters.resource || filters.session);

  return (
    <form role="search" aria-label="Filter events" action="/trails" method="get" onSubmit={onSubmit} className={`panel ${styles.bar}`}>
      <div className={styles.row}>
        <Text label="Identity" name="identity" value={filters.identity} placeholder="Name or external ID" />
        <Text label="Search" name="q" value={filters.q} placeholder="Text in action, resource or reason" />
        <fieldset className={styles.time}>
          <legend>Time range (UTC)</legend>
          <div className={styles.timeInputs}>
            <select
              ref={rangeRef}
              className="select"
              name="range"
              aria-label="Time range preset"
              defaultValue={custom ? "custom" : (filters.range ?? DEFAULT_RANGE)}
              onChange={(e) => {
                if (e.currentTarget.value !== "custom") submit(e.currentTarget);
              }}
            >
              {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((r) => (
                <option key={r} value={r}>
                  {RANGE_LABELS[r]}
                </option>
              ))}
              <option value="custom">Custom range</option>
            </select>
            <label>
              <span className="visually-hidden">From (UTC)</span>
              <input className="input" type="datetime-local" name="from" defaultValue={toMinuteInput(new Date(window.from))} onChange={toCustom} />
            </label>
            <span aria-hidden="true">→</span>
            <label>
              <span className="visually-hidden">To (UTC)</span>
              <input className="input" type="datetime-local" name="to" defaultValue={toMinuteInput(new Date(window.to))} onChange={toCustom} />
            </label>
          </div>
        </fieldset>
      </div>
      <div className={styles.grid}>
        <Select label="Owner team" name="owner" value={filters.owner} any="Any owner" onChange={submit}>
          <option value="none">No owner</option>
          {filters.owner && filters.owner !== "none" && !teams.includes(filters.owner) ? <option value={filters.owner}>{filters.owner}</option> : null}
          {teams.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        <Select label="Kind" name="kind" value={filters.kind} any="All kinds" onChange={submit}>
          {Object.entries(KIND_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
        <Select label="Decision" name="decision" value={filters.decision} any="Any decision" onChange={submit}>
          <option value="allow">Allowed</option>
          <option value="deny">Denied</option>
          <option value="error">Error</option>
        </Select>
        <Text label="Source IP" name="ip" value={filters.ip} placeholder="203.0.113.24 or 10.0.*" />
      </div>
      <details className={styles.more} open={advanced || undefined}>
        <summary>
          More filters <span className={styles.hint}>action, scope, resource, session{advanced ? " (in use)" : ""}</span>
        </summary>
        <div className={styles.grid}>
          <Text label="Action" name="action" value={filters.action} placeholder="s3:GetObject or s3:Get*" />
          <Text label="Scope" name="scope" value={filters.scope} placeholder="secretsmanager:*" />
          <Text label="Resource" name="resource" value={filters.resource} placeholder="arn:aws:s3:::billing*" />
          <Text label="Session or trace ID" name="session" value={filters.session} placeholder="ses_…" />
        </div>
        <p className={styles.hint}>Text filters match exactly; end a value with * to match everything that starts with it.</p>
      </details>
      <div className={styles.actions}>
        <label className={styles.check}>
          <input type="checkbox" name="grant" value="out" defaultChecked={filters.grant === "out"} onChange={(e) => submit(e.currentTarget)} />
          Only scopes used without a grant
        </label>
        {clearHref ? <Link href={clearHref}>Clear filters</Link> : null}
        <button type="submit" className="button">
          Apply filters
        </button>
      </div>
      {/* Columns and page size survive a no-JavaScript submit; the JS path keeps them from the URL. */}
      {filters.cols ? <input type="hidden" name="cols" value={filters.cols.join(",")} /> : null}
      {filters.pageSize !== DEFAULT_EVENT_PAGE_SIZE ? <input type="hidden" name="pageSize" value={filters.pageSize} /> : null}
    </form>
  );
}

function Text(p: { label: string; name: string; value: string | undefined; placeholder?: string }) {
  return (
    <label className="field">
      {p.label}
      <input className="input" type="search" name={p.name} defaultValue={p.value ?? ""} placeholder={p.placeholder} maxLength={300} autoComplete="off" />
    </label>
  );
}

function Select(p: { label: string; name: string; value: string | undefined; any: string; onChange: (el: HTMLElement) => void; children: ReactNode }) {
  return (
    <label className="field">
      {p.label}
      <select className="select" name={p.name} defaultValue={p.value ?? ""} onChange={(e) => p.onChange(e.currentTarget)}>
        <option value="">{p.any}</option>
        {p.children}
      </select>
    </label>
  );
}
