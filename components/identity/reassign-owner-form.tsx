"use client";
// Reassigns the owner through a server action. The form posts without JavaScript too; with it,
// the result is announced in a live region and the page re-renders with the new owner.
import { useActionState } from "react";
import type { FormActionFn } from "@/lib/http/action-state";
import type { OwnerChoice } from "@/lib/identities/detail";
import styles from "./identity.module.css";

export type ReassignAction = FormActionFn;

type Props = { identityId: string; currentOwnerId: string | null; choices: OwnerChoice[]; action: ReassignAction };

export function ReassignOwnerForm({ identityId, currentOwnerId, choices, action }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div className={styles.reassign}>
      <details>
        <summary>Reassign owner</summary>
        <form action={formAction} className={styles.reassignForm}>
          <input type="hidden" name="identityId" value={identityId} />
          <label className="field">
            New owner
            <select className="select" name="ownerId" required defaultValue="">
              <option value="" disabled>
                Choose a team and person…
              </option>
              {choices.map((o) => (
                <option key={o.id} value={o.id} disabled={o.id === currentOwnerId}>
                  {o.team} · {o.personName}
                  {o.id === currentOwnerId ? " (current)" : ""}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Reason (recorded in the audit log)
            <input className="input" name="reason" maxLength={500} placeholder="e.g. team reorganisation, ticket SEC-123" />
          </label>
          <div className={styles.formRow}>
            <button type="submit" className="button" disabled={pending}>
              {pending ? "Reassigning…" : "Reassign"}
            </button>
          </div>
        </form>
      </details>
      <p role="status" className={state ? (state.ok ? styles.ok : styles.err) : undefined}>
        {state?.message ?? ""}
      </p>
    </div>
  );
}
