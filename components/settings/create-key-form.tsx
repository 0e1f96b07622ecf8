"use client";
// Creates an ingest key; the key is shown exactly once, here, and never again.
import { useActionState } from "react";
import type { FormActionFn } from "@/lib/http/action-state";

export function CreateKeyForm({ action }: { action: FormActionFn<{ key: string; name: string }> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const created = state?.ok ? state.data : undefined;
  return (
    <div className="panel-body">
      <form action={formAction} style={{ display: "flex", gap: "0.75rem", alignItems: "end", flexWrap: "wrap" }} aria-label="Create an ingest key">
        <label className="field">
          Name
          <input className="select" name="name" required maxLength={64} pattern="[\w.\-]+" placeholder="e.g. cloudtrail-prod" />
        </label>
        <label className="field">
          Allowed sources <span className="subtle">(comma-separated; empty = any)</span>
          <input className="select" name="sources" placeholder="cloudtrail, k8s-audit" />
        </label>
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>May</legend>
          <span style={{ display: "flex", gap: "0.75rem" }}>
            <label>
              <input type="checkbox" name="scopeEvents" defaultChecked /> send events
            </label>
            <label>
              <input type="checkbox" name="scopeInventory" /> import inventory
            </label>
          </span>
        </fieldset>
        <button className="button" type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {state && !state.ok ? (
        <p role="alert" className="badge badge-danger" style={{ marginTop: "0.75rem" }}>
          {state.message}
        </p>
      ) : null}
      {created ? (
        <div role="status" className="panel new-key" style={{ marginTop: "0.75rem", padding: "0.75rem" }}>
          <p>
            <strong>Ingest key “{created.name}” created.</strong> Copy it now: Warden stores only its hash and cannot show it again.
          </p>
          <code className="mono" data-testid="new-ingest-key" style={{ userSelect: "all", wordBreak: "break-all" }}>
            {created.key}
          </code>
        </div>
      ) : null}
    </div>
  );
}
