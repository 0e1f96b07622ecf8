"use client";
// Revokes one ingest key after a confirmation; the outcome (or why it failed) is announced.
import { useActionState } from "react";
import type { FormActionFn } from "@/lib/http/action-state";

export function RevokeKeyButton({ name, action }: { name: string; action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!window.confirm(`Revoke ingest key “${name}”? Producers using it are refused from their next request.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="name" value={name} />
      <button className="button button-secondary" type="submit" disabled={pending} aria-label={`Revoke ingest key ${name}`}>
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {state && !state.ok ? (
        <p role="alert" className="badge badge-danger">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
