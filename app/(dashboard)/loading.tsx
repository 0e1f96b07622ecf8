// Shown while a console page renders on the server; the shell stays in place around it.
export default function LoadingPage() {
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading…
      </p>
      <span className="skeleton" style={{ height: "1.6rem", width: "12rem", marginBottom: "0.5rem" }} />
      <span className="skeleton" style={{ height: "0.9rem", width: "24rem", marginBottom: "1.5rem" }} />
      <div style={{ display: "grid", gridTemplateColumns: "repeat(5, minmax(0, 1fr))", gap: "0.75rem" }} aria-hidden="true">
        {Array.from({ length: 5 }, (_, i) => (
          <span key={i} className="skeleton" style={{ height: "6.5rem" }} />
        ))}
      </div>
      <span className="skeleton" style={{ height: "16rem", marginTop: "1.5rem" }} aria-hidden="true" />
    </div>
  );
}
