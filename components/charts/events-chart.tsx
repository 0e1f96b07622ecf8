"use client";
// Events and denials per UTC hour over the last 7 days (from the hourly rollups). Denials get
// their own axis: they are usually a small fraction and would be a flat line on the events axis.
// The figure caption summarises it and a per-day table is the text alternative.
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { HourlyPoint } from "@/lib/analytics/overview";
import styles from "./chart.module.css";
import { dayLabel, formatCount, hourLabel } from "./format";

const EVENTS = "#4f46e5";
const DENIALS = "#c81e1e";

function daily(points: HourlyPoint[]) {
  const days = new Map<string, { day: string; events: number; denials: number }>();
  for (const p of points) {
    const key = p.hour.slice(0, 10);
    const d = days.get(key) ?? { day: p.hour, events: 0, denials: 0 };
    d.events += p.events;
    d.denials += p.denials;
    days.set(key, d);
  }
  return [...days.values()];
}

export function EventsChart({ points }: { points: HourlyPoint[] }) {
  const events = points.reduce((s, p) => s + p.events, 0);
  const denials = points.reduce((s, p) => s + p.denials, 0);
  const peak = points.reduce((best, p) => (p.events > best.events ? p : best), points[0]);
  const midnights = points.filter((p) => p.hour.slice(11, 13) === "00").map((p) => p.hour);
  const rate = events > 0 ? ((denials / events) * 100).toFixed(1) : "0";

  return (
    <figure className={styles.figure}>
      <div className={styles.legend} aria-hidden="true">
        <span>
          <span className={styles.swatch} style={{ background: EVENTS }} />
          Events (left axis)
        </span>
        <span>
          <span className={styles.swatch} style={{ background: DENIALS }} />
          Denials (right axis)
        </span>
      </div>
      <div className={styles.plot} aria-hidden="true">
        <ComposedChart
          responsive
          style={{ width: "100%", height: "100%" }}
          data={points}
          margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="hour"
            ticks={midnights}
            tickFormatter={dayLabel}
            tick={{ fontSize: 11, fill: "#475569" }}
            tickLine={false}
            axisLine={{ stroke: "#cbd5e1" }}
          />
          <YAxis
            yAxisId="events"
            tick={{ fontSize: 11, fill: "#475569" }}
            tickFormatter={formatCount}
            width={48}
            axisLine={false}
            tickLine={false}
          />
          <YAxis
            yAxisId="denials"
            orientation="right"
            tick={{ fontSize: 11, fill: DENIALS }}
            tickFormatter={formatCount}
            width={40}
            axisLine={false}
            tickLine={false}
            allowDecimals={false}
          />
          <Tooltip
            labelFormatter={(label) => hourLabel(String(label))}
            formatter={(value, name) => [formatCount(Number(value)), name]}
          />
          <Area
            yAxisId="events"
            type="monotone"
            dataKey="events"
            name="Events"
            stroke={EVENTS}
            fill={EVENTS}
            fillOpacity={0.12}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
          <Line
            yAxisId="denials"
            type="monotone"
            dataKey="denials"
            name="Denials"
            stroke={DENIALS}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </div>
      <figcaption className={styles.caption}>
        {formatCount(events)} events and {formatCount(denials)} denials ({rate}%) over the last 7 days
        {peak && peak.events > 0 ? `; busiest hour ${hourLabel(peak.hour)} with ${formatCount(peak.events)} events` : ""}.
      </figcaption>
      <details className={styles.details}>
        <summary>Show as table</summary>
        <table>
          <caption className="visually-hidden">Events and denials per day, last 7 days (UTC)</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col" className={styles.n}>
                Events
              </th>
              <th scope="col" className={styles.n}>
                Denials
              </th>
            </tr>
          </thead>
          <tbody>
            {daily(points).map((d) => (
              <tr key={d.day}>
                <th scope="row">{dayLabel(d.day)}</th>
                <td className={styles.n}>{formatCount(d.events)}</td>
                <td className={styles.n}>{formatCount(d.denials)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
