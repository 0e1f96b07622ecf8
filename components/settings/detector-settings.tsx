"use client";
// One detector's switch and parameters; saving goes through the detector's own schema, and a
// rejection names the parameter.
import { useActionState } from "react";
import type { DetectorStatus } from "@/lib/detections/update-settings";
import type { FormActionFn } from "@/lib/http/action-state";

const typeOf = (v: unknown) => (Array.isArray(v) ? "array" : typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "string");

export function DetectorSettingsForm({ d, action }: { d: DetectorStatus; action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} aria-label={`Settings of ${d.title}`} style={{ display: "flex", flexWrap: "wrap", gap: "0.6rem", alignItems: "end" }}>
      <input type="hidden" name="detector" value={d.id} />
      <label className="field" style={{ flexDirection: "row" }}>
        <span>Enabled</span> <input type="checkbox" name="enabled" defaultChecked={d.enabled} />
      </label>
      {d.params.map((p) => {
        const t = typeOf(p.default);
        return (
          <label key={p.key} className="field" title={`Default: ${Array.isArray(p.default) ? p.default.join(", ") : String(p.default)}`}>
            {p.label}
            <input type="hidden" name={`t.${p.key}`} value={t} />
            {t === "boolean" ? (
              <input type="checkbox" name={`p.${p.key}`} defaultChecked={Boolean(p.value)} />
            ) : (
              <input className="input" name={`p.${p.key}`} type={t === "number" ? "number" : "text"} step="any"
                defaultValue={Array.isArray(p.value) ? p.value.join(", ") : String(p.value)} aria-invalid={state && !state.ok && state.field === `params.${p.key}` ? true : undefined} />
            )}
          </label>
        );
      })}
      <button className="button button-secondary" type="submit" disabled={pending}>{pending ? "Saving…" : "Save"}</button>
      <p role="status" className={state ? (state.ok ? "ok" : "badge badge-danger") : undefined}>{state?.message ?? ""}</p>
    </form>
  );
}
