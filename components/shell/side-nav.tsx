"use client";
// Primary navigation. The server decides which entries a role may see; this component only
// marks the current one (aria-current) from the pathname.
import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./shell.module.css";

export type SideNavEntry = { href: string; label: string; placeholder: boolean };

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function SideNav({ entries }: { entries: SideNavEntry[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Primary" className={styles.nav}>
      <ul>
        {entries.map((e) => (
          <li key={e.href}>
            <Link
              href={e.href}
              className={styles.navLink}
              aria-current={isCurrent(pathname, e.href) ? "page" : undefined}
            >
              <span>{e.label}</span>
              {e.placeholder ? (
                // Visual hint only: the link's name stays the area's name, and the page itself says
                // plainly that it is not built yet.
                <span className={styles.soon} aria-hidden="true" title="Not built yet">
                  soon
                </span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
