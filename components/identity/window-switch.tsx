// A segmented set of links that switches a time window kept in the URL (so it is shareable and
// works without JavaScript). The current choice is marked with aria-current.
import Link from "next/link";
import styles from "./identity.module.css";

export type WindowOption = { label: string; href: string; current: boolean; title?: string };

export function WindowSwitch({ label, options }: { label: string; options: WindowOption[] }) {
  return (
    <nav className={styles.switch} aria-label={label}>
      <span aria-hidden="true">{label}</span>
      <ul>
        {options.map((o) => (
          <li key={o.label}>
            <Link href={o.href} aria-current={o.current ? "true" : undefined} title={o.title} scroll={false}>
              {o.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
