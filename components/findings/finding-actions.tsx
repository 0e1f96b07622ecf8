"use client";
// The lifecycle forms of one finding: acknowledge, assign, suppress with a reason and an expiry,
// resolve with a resolution, reopen, comment, and add its grants to a review campaign.
import { acknowledgeAction, addToReviewAction, assignAction, commentAction, reopenAction, resolveAction, suppressAction } from "@/app/(dashboard)/findings/actions";
import type { AssigneeChoice } from "@/lib/findings/assignee-choices";
import type { FindingView } from "@/lib/findings/finding-sql";
import { ActionForm } from "./action-form";
import styles from "./findings.module.css";

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

export function FindingActions({ finding: f, choices, campaigns }: { finding: FindingView; choices: AssigneeChoice[]; campaigns: { id: string; name: string; status: string }[] | null }) {
  const id = { id: f.id };
  const active = f.status === "open" || f.status === "acknowledged";
  return (
    <div className={styles.actions}>
      <h3 className="visually-hidden">Actions</h3>
      {f.status === "open" ? <ActionForm action={acknowledgeAction} label="Acknowledge" pendingLabel="Acknowledging…" hidden={id} /> : null}
      <ActionForm action={assignAction} label="Assign" pendingLabel="Assigning…" hidden={id} secondary>
        <label className="field">Assign to
          <select className="select" name="email" defaultValue={f.assignee?.email ?? ""}>
            <option value="">Nobody</option>
            {choices.map((c, i) => <option key={`${c.email}-${i}`} value={c.email}>{c.name} ({c.note})</option>)}
          </select>
        </label>
      </ActionForm>
      {f.status !== "resolved" ? (
        <ActionForm action={resolveAction} label="Resolve" pendingLabel="Resolving…" hidden={id}>
          <label className="field">Resolution
            <select className="select" name="resolution" defaultValue="fixed">
              <option value="fixed">Fixed (credential rotated, grant revoked…)</option>
              <option value="false_positive">Not a risk (false positive)</option>
              <option value="accepted_risk">Risk accepted</option>
            </select>
          </label>
          <label className="field">Note<input className="input" name="note" maxLength={2000} placeholder="e.g. key rotated in SEC-412" /></label>
        </ActionForm>
      ) : null}
      {active || f.status === "suppressed" ? (
        <ActionForm action={suppressAction} label="Suppress" pendingLabel="Suppressing…" hidden={id} secondary>
          <label className="field">Reason (required)<input className="input" name="reason" required minLength={3} maxLength={2000} placeholder="e.g. vendor migration until March" /></label>
          <label className="field">Until (UTC, up to a year)<input className="input" type="date" name="until" required defaultValue={inDays(30)} min={inDays(1)} max={inDays(365)} /></label>
        </ActionForm>
      ) : null}
      {!active ? <ActionForm action={reopenAction} label="Reopen" pendingLabel="Reopening…" hidden={id} secondary /> : null}
      <ActionForm action={commentAction} label="Add comment" pendingLabel="Adding…" hidden={id} secondary>
        <label className="field">Comment<textarea className="input" name="body" rows={3} maxLength={5000} required /></label>
      </ActionForm>
      {campaigns ? (
        campaigns.length ? (
          <ActionForm action={addToReviewAction} label="Add to access review" pendingLabel="Adding…" hidden={id} secondary>
            <label className="field">Campaign
              <select className="select" name="campaignId" required>{campaigns.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.status})</option>)}</select>
            </label>
          </ActionForm>
        ) : <p className="subtle">No draft or active review campaign to add this finding&apos;s grants to.</p>
      ) : null}
    </div>
  );
}
