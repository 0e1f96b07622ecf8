// Whole-page states: a feature that does not exist yet, a role that may not see the page, and
// an empty result. Each says plainly what is going on and what to do next.
import Link from "next/link";
import type { ReactNode } from "react";

export function NotBuiltPanel({ area, willDo }: { area: string; willDo: string }) {
  return (
    <section className="panel state-panel" aria-labelledby="not-built-title">
      <p className="state-kicker">Not built yet</p>
      <h2 id="not-built-title">{area} is not available in this version of Warden</h2>
      <p>{willDo}</p>
      <p className="muted">
        Nothing on this page is simulated. Meanwhile, the <Link href="/">Overview</Link> and the{" "}
        <Link href="/identities">Identities</Link> inventory are live.
      </p>
    </section>
  );
}

export function ForbiddenPanel({ area, role }: { area: string; role: string }) {
  return (
    <section className="panel state-panel state-forbidden" aria-labelledby="forbidden-title" role="alert">
      <p className="state-kicker">403 · Not permitted</p>
      <h2 id="forbidden-title">
        Your role ({role}) cannot open {area}
      </h2>
      <p>
        {area} is limited to roles with that permission. Ask a Warden administrator if you need access.
      </p>
      <p>
        <Link href="/">Back to the Overview</Link>
      </p>
    </section>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}
