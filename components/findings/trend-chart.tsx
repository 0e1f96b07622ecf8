"use client";
// Findings over the last 30 days: active at each day's end (line) and opened / resolved that day
// (bars). A table is the text alternative.
import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import styles from "../charts/chart.module.css";
import { dayLabel, formatCount } from "../charts/format";

type Point = { day: string; opened: number; resolved: number; active: number };

export function FindingsTrendChart({ points }: { points: Point[] }) {
  const opened = points.reduce((s, p) => s + p.opened, 0);
  const resolved = points.reduce((s, p) => s + p.resolved, 0);
  return (
    <figure className={styles.figure}>
      <div className={styles.legend} aria-hidden="true">
        <span><span className={styles.swatch} style={{ background: "#b91c1c" }} />Active</span>
        <span><span className={styles.swatch} style={{ background: "#f59e0b" }} />Opened</span>
        <span><span className={styles.swatch} style={{ background: "#16a34a" }} />Resolved</span>
      </div>
      <div className={styles.plot} aria-hidden="true">
        <ComposedChart responsive style={{ width: "100%", height: "100%" }} data={points} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 11, fill: "#475569" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} minTickGap={24} />
          <YAxis tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={formatCount} width={40} axisLine={false} tickLine={false} allowDecimals={false} />
          <Tooltip labelFormatter={(l) => dayLabel(String(l))} />
          <Bar dataKey="opened" name="Opened" fill="#f59e0b" isAnimationActive={false} />
          <Bar dataKey="resolved" name="Resolved" fill="#16a34a" isAnimationActive={false} />
          <Line type="monotone" dataKey="active" name="Active" stroke="#b91c1c" strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </div>
      <figcaption className={styles.caption}>
        {formatCount(opened)} findings opened and {formatCount(resolved)} resolved over the last {points.length} days; {formatCount(points.at(-1)?.active ?? 0)} active now.
      </figcaption>
      <details className={styles.details}>
        <summary>Show as table</summary>
        <table>
          <caption className="visually-hidden">Findings per day</caption>
          <thead><tr><th scope="col">Day (UTC)</th><th scope="col" className={styles.n}>Opened</th><th scope="col" className={styles.n}>Resolved</th><th scope="col" className={styles.n}>Active</th></tr></thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}><th scope="row">{dayLabel(p.day)}</th><td className={styles.n}>{p.opened}</td><td className={styles.n}>{p.resolved}</td><td className={styles.n}>{p.active}</td></tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
