"use client";
// A failed page inside the shell: say so plainly and offer a retry; details stay in the logs.
import { useEffect } from "react";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="panel state-panel state-forbidden" role="alert" aria-labelledby="error-title">
      <p className="state-kicker">Something went wrong</p>
      <h1 id="error-title">This page could not be loaded</h1>
      <p>
        The error was recorded{error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it keeps failing, check
        that the database is reachable.
      </p>
      <p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      </p>
    </section>
  );
}
