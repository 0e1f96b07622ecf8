// Shown while an identity page starts rendering on the server.
export default function LoadingIdentity() {
  return (
    <div aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading identity…
      </p>
      <span className="skeleton" style={{ height: "0.9rem", width: "10rem", marginBottom: "0.6rem" }} />
      <span className="skeleton" style={{ height: "1.6rem", width: "18rem", marginBottom: "0.4rem" }} />
      <span className="skeleton" style={{ height: "0.9rem", width: "28rem", marginBottom: "1.25rem" }} />
      <div style={{ display: "grid", gridTemplateColumns: "2fr 1fr", gap: "0.75rem" }} aria-hidden="true">
        <span className="skeleton" style={{ height: "11rem" }} />
        <span className="skeleton" style={{ height: "11rem" }} />
      </div>
      <span className="skeleton" style={{ height: "8rem", marginTop: "1.5rem" }} aria-hidden="true" />
      <span className="skeleton" style={{ height: "14rem", marginTop: "1.5rem" }} aria-hidden="true" />
    </div>
  );
}
