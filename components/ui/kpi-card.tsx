// One headline number. When a matching view exists the whole card links to it, and the link's
// accessible name reads as a sentence ("Ownerless identities: 12. View in Identities").
import Link from "next/link";
import type { ReactNode } from "react";
import type { Tone } from "./badge";
import styles from "./kpi-card.module.css";

const fmt = new Intl.NumberFormat("en-US");

export type KpiCardProps = {
  label: string;
  value: number;
  hint?: ReactNode;
  href?: string;
  /** Colours the value when it signals a problem (only when value > 0). */
  tone?: Extract<Tone, "danger" | "warning">;
  /** The link's words (default "View in Identities"). */
  linkLabel?: string;
};

export function KpiCard({ label, value, hint, href, tone, linkLabel = "View in Identities" }: KpiCardProps) {
  const toneClass = tone && value > 0 ? styles[tone] : "";
  const body = (
    <>
      <span className={styles.label}>{label}</span>
      <span className={`${styles.value} ${toneClass}`}>{fmt.format(value)}</span>
      {hint ? <span className={styles.hint}>{hint}</span> : null}
      {href ? (
        <span className={styles.more}>
          {linkLabel} <span aria-hidden="true">→</span>
        </span>
      ) : null}
    </>
  );
  return href ? (
    <Link href={href} className={`${styles.card} ${styles.link}`}>
      {body}
    </Link>
  ) : (
    <div className={styles.card}>{body}</div>
  );
}

export function KpiGrid({ children, label }: { children: ReactNode; label: string }) {
  return (
    <ul className={styles.grid} aria-label={label}>
      {Array.isArray(children) ? children.map((c, i) => <li key={i}>{c}</li>) : <li>{children}</li>}
    </ul>
  );
}
