// The console shell: brand, signed-in user, primary navigation and the main landmark. Entries a
// role may not open are left out of the nav; each page still checks for itself.
import Link from "next/link";
import type { ReactNode } from "react";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { SideNav, type SideNavEntry } from "@/components/shell/side-nav";
import { UserMenu } from "@/components/shell/user-menu";
import styles from "@/components/shell/shell.module.css";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const entries: SideNavEntry[] = NAV_ITEMS.filter((i) => can(user, i.permission)).map((i) => ({
    href: i.href,
    label: i.label,
    placeholder: "willDo" in i,
  }));
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <div className={styles.shell}>
        <header className={styles.top}>
          <Link href="/" className={styles.brand}>
            <span className={styles.brandMark} aria-hidden="true">
              W
            </span>
            Warden <span className={styles.brandSub}>NHI governance</span>
          </Link>
          <UserMenu name={user.name} email={user.email} role={user.role} />
        </header>
        <SideNav entries={entries} />
        <main id="main" tabIndex={-1} className={styles.main}>
          {children}
        </main>
      </div>
    </>
  );
}
