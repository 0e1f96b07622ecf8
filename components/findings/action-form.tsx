"use client";
// A small form behind one server action, with its outcome announced (and the field at fault).
import { useActionState, type ReactNode } from "react";
import type { FormActionFn } from "@/lib/http/action-state";
import styles from "./findings.module.css";

export function ActionForm({ action, label, pendingLabel, children, hidden, confirm, secondary }: {
  action: FormActionFn; label: string; pendingLabel: string; children?: ReactNode; hidden: Record<string, string>; confirm?: string; secondary?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} aria-label={label} onSubmit={(e) => { if (confirm && !window.confirm(confirm)) e.preventDefault(); }}>
      {Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      {children}
      <div className={styles.row}>
        <button type="submit" className={`button${secondary ? " button-secondary" : ""}`} disabled={pending}>{pending ? pendingLabel : label}</button>
      </div>
      <p role="status" className={state ? (state.ok ? styles.ok : styles.err) : undefined}>{state?.message ?? ""}</p>
    </form>
  );
}
