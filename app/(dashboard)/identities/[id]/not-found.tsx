// An identity id that does not exist (deleted, mistyped, or from another installation).
import Link from "next/link";

export default function IdentityNotFound() {
  return (
    <section className="panel state-panel" aria-labelledby="nf-title">
      <p className="state-kicker">404 · Not found</p>
      <h1 id="nf-title">No identity with this id</h1>
      <p>It may have been removed, or the link is from another Warden installation.</p>
      <p>
        <Link href="/identities">Search the identities inventory</Link>
      </p>
    </section>
  );
}
