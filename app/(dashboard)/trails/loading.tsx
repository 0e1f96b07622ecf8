// Shown while the explorer renders a new page on the server (first load, filters, paging).
import { PageHeader } from "@/components/ui/page-header";

export default function LoadingTrails() {
  return (
    <div aria-busy="true">
      <PageHeader title="Trails" lead="Every audit event from every producer, newest first." />
      <p role="status" className="visually-hidden">
        Loading events…
      </p>
      <div className="panel" style={{ padding: "0.75rem", marginBottom: "0.75rem" }} aria-hidden="true">
        <span className="skeleton" style={{ height: "6.5rem" }} />
      </div>
      <div className="panel" aria-hidden="true">
        {Array.from({ length: 14 }, (_, i) => (
          <div key={i} style={{ padding: "0.6rem 0.75rem", borderBottom: "1px solid var(--border)" }}>
            <span className="skeleton" style={{ height: "1rem", width: `${72 + ((i * 7) % 25)}%` }} />
          </div>
        ))}
      </div>
    </div>
  );
}
