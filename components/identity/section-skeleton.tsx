// Placeholder for a section still streaming from the server; announced once, politely.
export function SectionSkeleton({ title, rows = 4 }: { title: string; rows?: number }) {
  return (
    <section className="section" aria-busy="true" aria-label={`${title} (loading)`}>
      <h2 style={{ marginBottom: "0.6rem" }}>{title}</h2>
      <p role="status" className="visually-hidden">
        Loading {title.toLowerCase()}…
      </p>
      <div className="panel" aria-hidden="true">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} style={{ padding: "0.7rem 0.75rem", borderBottom: "1px solid var(--border)" }}>
            <span className="skeleton" style={{ height: "1rem", width: `${65 + ((i * 11) % 30)}%` }} />
          </div>
        ))}
      </div>
    </section>
  );
}
