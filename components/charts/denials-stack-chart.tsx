"use client";
// Denials over time as stacked bars, one colour per identity (or reason) and grey for the rest.
// Every segment opens the event explorer filtered to that series and bucket; hourly spikes are
// marked with a dashed line. The legend (links per series), the caption and a table of the
// non-empty buckets are the text alternative, and the keyboard route to every drill-down.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
  type TooltipValueType,
} from "recharts";
import type { NameType } from "recharts/types/component/DefaultTooltipContent";
import type { StackedDenials, StackSeries } from "@/lib/analytics/denials";
import styles from "./chart.module.css";
import stack from "./denials-stack-chart.module.css";
import { bucketLabel, colourOf, seriesHref, SPIKE_COLOUR, type ChartSpike } from "./denial-buckets";
import { dayLabel, formatCount } from "./format";

/** Every third hour for a day; otherwise the first bucket of each UTC day, at most ~10 of them. */
function ticksFor(buckets: string[]): string[] {
  if (buckets.length <= 24) return buckets.filter((_, i) => i % 3 === 0);
  const dayStarts = buckets.filter((b, i) => i > 0 && b.slice(0, 10) !== buckets[i - 1].slice(0, 10));
  const every = Math.ceil(dayStarts.length / 10);
  return dayStarts.filter((_, i) => i % every === 0);
}

type Props = {
  data: StackedDenials;
  /** "identity" series carry an identity to filter by; reason series only narrow the time. */
  mode: "identity" | "reason";
  spikes: ChartSpike[];
  /** "the last 7 days" etc., for the caption. */
  spanLabel: string;
};

export function DenialsStackChart({ data, mode, spikes, spanLabel }: Props) {
  const router = useRouter();
  const { buckets, bucketHours, series, points } = data;
  const ticks = ticksFor(buckets);
  const bucketOf = (hour: string) => {
    const t = Date.parse(hour);
    return buckets.findLast((b) => Date.parse(b) <= t && t < Date.parse(b) + bucketHours * 3_600_000);
  };
  const marks = spikes.map((s) => ({ ...s, bucket: bucketOf(s.hour) })).filter((s) => s.bucket);
  const peak = points.reduce<{ bucket: string; n: number } | null>((best, p) => {
    const n = series.reduce((t, s) => t + (p[s.key] as number), 0);
    return !best || n > best.n ? { bucket: p.bucket as string, n } : best;
  }, null);
  const nonEmpty = points.filter((p) => series.some((s) => (p[s.key] as number) > 0));
  const named = series.filter((s) => s.key !== "other");
  // The table's rows (up to 720 buckets, each with links) are built when it is opened, not
  // shipped in every page load.
  const [tableOpen, setTableOpen] = useState(false);

  return (
    <figure className={styles.figure}>
      <ul className={stack.legend} aria-label={mode === "identity" ? "Identities in the chart" : "Reasons in the chart"}>
        {series.map((s, i) => (
          <li key={s.key}>
            <span className={stack.swatch} style={{ background: colourOf(s, i) }} aria-hidden="true" />
            {mode === "identity" && s.identity ? (
              <Link href={seriesHref(s, buckets[0], buckets.length * bucketHours)} className={stack.legendLink}>
                {s.label}
              </Link>
            ) : (
              <span className={stack.legendText} title={s.example ? `e.g. “${s.example}”` : undefined}>
                {s.label}
              </span>
            )}
            <span className={stack.legendCount}>{formatCount(s.total)}</span>
          </li>
        ))}
        {marks.length > 0 ? (
          <li className={stack.spikeKey}>
            <span className={stack.spikeSwatch} aria-hidden="true" />
            Spike hour
          </li>
        ) : null}
      </ul>
      <div className={stack.plot} aria-hidden="true">
        <BarChart
          responsive
          style={{ width: "100%", height: "100%" }}
          data={points}
          margin={{ top: 18, right: 8, bottom: 0, left: 0 }}
          barCategoryGap={buckets.length > 60 ? 0 : 1}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="bucket"
            ticks={ticks}
            tickFormatter={(v: string) => (buckets.length <= 24 ? v.slice(11, 16) : dayLabel(v))}
            tick={{ fontSize: 11, fill: "#475569" }}
            tickLine={false}
            axisLine={{ stroke: "#cbd5e1" }}
            interval={0}
          />
          <YAxis tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={formatCount} width={40} axisLine={false} tickLine={false} allowDecimals={false} />
          <Tooltip cursor={{ fill: "#eef2ff" }} content={(p) => <BucketTooltip {...p} series={series} bucketHours={bucketHours} />} />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="denials"
              fill={colourOf(s, i)}
              cursor="pointer"
              isAnimationActive={false}
              onClick={(entry) => {
                const bucket = (entry as { payload?: { bucket?: string } }).payload?.bucket;
                if (!bucket) return;
                router.push(seriesHref(mode === "identity" && s.key !== "other" ? s : undefined, bucket, bucketHours));
              }}
            />
          ))}
          {marks.map((m) => (
            <ReferenceLine
              key={`${m.identity}-${m.hour}`}
              x={m.bucket}
              stroke={SPIKE_COLOUR}
              strokeDasharray="4 3"
              ifOverflow="extendDomain"
              label={{ value: m.kind === "probing" ? "Probing" : "Spike", position: "top", fill: SPIKE_COLOUR, fontSize: 11, fontWeight: 700 }}
            />
          ))}
        </BarChart>
      </div>
      <figcaption className={styles.caption}>
        {formatCount(data.total)} denials over {spanLabel}
        {named.length > 0 && mode === "identity"
          ? `; most from ${named[0].label} (${formatCount(named[0].total)})`
          : named.length > 0
            ? `; the most common reason is ${named[0].label} (${formatCount(named[0].total)})`
            : ""}
        {peak && peak.n > 0 ? `; peak ${bucketLabel(peak.bucket, bucketHours)} with ${formatCount(peak.n)}` : ""}
        {marks.length > 0 ? `; ${marks.length} spike ${marks.length === 1 ? "hour" : "hours"} marked` : ""}. Select a bar to
        open those denials in Trails.
      </figcaption>
      <details className={styles.details} onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>Show as table ({formatCount(nonEmpty.length)} {bucketHours === 1 ? "hours" : "periods"} with denials)</summary>
        <table className={stack.table}>
          <caption className="visually-hidden">
            Denials per {bucketHours === 1 ? "hour" : `${bucketHours} hours`} by {mode}, {spanLabel}
          </caption>
          <thead>
            <tr>
              <th scope="col">{bucketHours === 1 ? "Hour (UTC)" : "Period (UTC)"}</th>
              <th scope="col" className={styles.n}>
                Denials
              </th>
              <th scope="col">By {mode}</th>
            </tr>
          </thead>
          <tbody>
            {(tableOpen ? nonEmpty : []).map((p) => {
              const bucket = p.bucket as string;
              const parts = series.filter((s) => (p[s.key] as number) > 0);
              return (
                <tr key={bucket}>
                  <th scope="row">
                    <Link href={seriesHref(undefined, bucket, bucketHours)}>{bucketLabel(bucket, bucketHours)}</Link>
                  </th>
                  <td className={styles.n}>{formatCount(parts.reduce((t, s) => t + (p[s.key] as number), 0))}</td>
                  <td>
                    {parts.map((s, i) => (
                      <span key={s.key}>
                        {i > 0 ? ", " : ""}
                        {mode === "identity" && s.identity ? (
                          <Link href={seriesHref(s, bucket, bucketHours)}>{s.label}</Link>
                        ) : (
                          s.label
                        )}{" "}
                        {formatCount(p[s.key] as number)}
                      </span>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function BucketTooltip({
  active,
  payload,
  label,
  series,
  bucketHours,
}: TooltipContentProps<TooltipValueType, NameType> & { series: StackSeries[]; bucketHours: number }) {
  if (!active || !payload?.length) return null;
  const rows = payload.filter((p) => Number(p.value) > 0).sort((a, b) => Number(b.value) - Number(a.value));
  const total = rows.reduce((t, p) => t + Number(p.value), 0);
  return (
    <div className={stack.tooltip}>
      <p className={stack.tooltipHead}>
        {bucketLabel(String(label), bucketHours)} · {formatCount(total)} {total === 1 ? "denial" : "denials"}
      </p>
      <ul>
        {rows.map((p) => {
          const i = series.findIndex((s) => s.key === p.dataKey);
          return (
            <li key={String(p.dataKey)}>
              <span className={stack.swatch} style={{ background: colourOf(series[i], i) }} />
              {p.name} <strong>{formatCount(Number(p.value))}</strong>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
