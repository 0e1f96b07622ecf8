"use client";
// Identities by kind as horizontal bars; a bar opens the inventory filtered to that kind. The
// text alternative is a table of the same counts whose rows are ordinary links.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { KIND_LABELS } from "@/components/inventory/labels";
import type { IdentityKind } from "@/lib/db/generated/enums";
import { identitiesHref } from "@/lib/inventory/filters";
import styles from "./chart.module.css";
import { formatCount } from "./format";

export function KindBarChart({ data }: { data: { kind: IdentityKind; count: number }[] }) {
  const router = useRouter();
  const rows = data.map((d) => ({ ...d, label: KIND_LABELS[d.kind] }));
  const total = data.reduce((s, d) => s + d.count, 0);
  const top = data[0];
  return (
    <figure className={styles.figure}>
      <div className={styles.plot} style={{ height: `${Math.max(6, rows.length * 1.9 + 2)}rem` }} aria-hidden="true">
        <BarChart
          responsive
          style={{ width: "100%", height: "100%" }}
          data={rows}
          layout="vertical"
          margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e2e8f0" horizontal={false} />
          <XAxis type="number" tick={{ fontSize: 11, fill: "#475569" }} tickFormatter={formatCount} />
          <YAxis
            type="category"
            dataKey="label"
            width={120}
            tick={{ fontSize: 12, fill: "#0f172a" }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip formatter={(v) => [formatCount(Number(v)), "Identities"]} cursor={{ fill: "#eef2ff" }} />
          <Bar
            dataKey="count"
            name="Identities"
            fill="#6366f1"
            radius={[0, 3, 3, 0]}
            cursor="pointer"
            isAnimationActive={false}
            onClick={(entry) => {
              const kind = (entry as { payload?: { kind?: IdentityKind } }).payload?.kind;
              if (kind) router.push(identitiesHref({ kind }));
            }}
          />
        </BarChart>
      </div>
      <figcaption className={styles.caption}>
        {formatCount(total)} identities across {data.length} kinds
        {top ? `; the largest group is ${KIND_LABELS[top.kind]} (${formatCount(top.count)})` : ""}.
      </figcaption>
      <details className={styles.details}>
        <summary>Show as table</summary>
        <table>
          <caption className="visually-hidden">Identities by kind</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col" className={styles.n}>
                Identities
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.kind}>
                <th scope="row">
                  <Link href={identitiesHref({ kind: d.kind })}>{KIND_LABELS[d.kind]}</Link>
                </th>
                <td className={styles.n}>{formatCount(d.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
