// A short ranked list (identities, scopes or resources) with each row opening the matching
// denials in the event explorer.
import Link from "next/link";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/panels";
import styles from "./denials.module.css";
import { formatCount } from "./format";

export type TopRow = { key: string; label: ReactNode; title?: string; denials: number; /** Bar length, relative to the first row (0–1). */
  share: number;
  detail?: string; href: string };

export function TopList({ caption, noun, rows }: { caption: string; noun: string; rows: TopRow[] }) {
  if (rows.length === 0) return <EmptyState title={`No denied ${noun}`} />;
  return (
    <table className={styles.top}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{noun[0].toUpperCase() + noun.slice(1)}</th>
          <th scope="col" className={styles.num}>
            Denials
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">
              <Link href={r.href} className={styles.topLink} title={r.title}>
                {r.label}
              </Link>
              {r.detail ? <span className={styles.topDetail}>{r.detail}</span> : null}
              <span className={styles.bar} style={{ width: `${Math.max(1, r.share * 100)}%` }} aria-hidden="true" />
            </th>
            <td className={styles.num}>{formatCount(r.denials)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
