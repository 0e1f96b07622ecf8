// Shown while a new identities page is rendered on the server (first load, filter, sort, page).
import { PageHeader } from "@/components/ui/page-header";

export default function LoadingIdentities() {
  return (
    <div aria-busy="true">
      <PageHeader
        title="Identities"
        lead="Every human and non-human identity Warden knows about, with its owner, status, risk and credentials."
      />
      <p role="status" className="visually-hidden">
        Loading identities…
      </p>
      <div className="panel" style={{ padding: "0.75rem", marginBottom: "0.75rem" }}>
        <span className="skeleton" style={{ height: "2.6rem" }} />
      </div>
      <div className="panel" aria-hidden="true">
        <div style={{ padding: "0.6rem 0.75rem", borderBottom: "1px solid var(--border)" }}>
          <span className="skeleton" style={{ height: "0.9rem", width: "60%" }} />
        </div>
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} style={{ padding: "0.7rem 0.75rem", borderBottom: "1px solid var(--border)" }}>
            <span className="skeleton" style={{ height: "1.1rem", width: `${70 + ((i * 7) % 25)}%` }} />
          </div>
        ))}
      </div>
    </div>
  );
}
