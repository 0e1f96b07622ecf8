// A small set of mutually exclusive views as plain links (window, grouping): the URL holds the
// choice, the current one is marked with aria-current, and it works without JavaScript.
import Link from "next/link";
import styles from "./segmented-links.module.css";

export type Segment = { href: string; label: string; current: boolean };

export function SegmentedLinks({ label, segments }: { label: string; segments: Segment[] }) {
  return (
    <nav aria-label={label} className={styles.group}>
      <span className={styles.label} aria-hidden="true">
        {label}
      </span>
      <ul className={styles.list}>
        {segments.map((s) => (
          <li key={s.href}>
            <Link href={s.href} className={styles.item} aria-current={s.current ? "true" : undefined} scroll={false}>
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
