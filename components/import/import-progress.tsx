// Where a running import is: the upload's bytes, then the phases the server reports (reading each
// file, expanding grants, staging, planning, writing). Announced politely to screen readers.
import type { ImportProgressEvent } from "./post-import";
import styles from "./import.module.css";

export type ProgressState = { sent: number; total: number; phases: Extract<ImportProgressEvent, { kind: "server" }>[] };

const LABELS: Record<string, string> = {
  reading: "Reading", "expanding grants": "Expanding grants", staging: "Staging", planning: "Comparing with the inventory", writing: "Writing", done: "Done",
};

export function ImportProgressView({ state, applying }: { state: ProgressState; applying: boolean }) {
  const uploaded = state.total ? Math.min(1, state.sent / state.total) : 0;
  const current = state.phases.at(-1);
  const text = !current
    ? `Uploading ${(state.sent / 1024 / 1024).toFixed(1)} of ${(state.total / 1024 / 1024).toFixed(1)} MB`
    : `${LABELS[current.phase] ?? current.phase}${current.file ? ` ${current.file}` : ""}${current.step ? `: ${current.step}` : ""}…`;
  return (
    <section className="panel panel-body" aria-labelledby="import-progress-title">
      <div className={styles.progress}>
        <h2 id="import-progress-title">{applying ? "Applying the import" : "Preparing the preview"}</h2>
        <div className={styles.bar} role="progressbar" aria-label="Upload" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(uploaded * 100)}>
          <div className={styles.barFill} style={{ width: `${Math.round(uploaded * 100)}%` }} />
        </div>
        <p role="status">{text}</p>
        <ol className={styles.phases} aria-label="Phases">
          {state.phases.map((p, i) => (
            <li key={`${p.phase}-${i}`} data-state={i === state.phases.length - 1 ? "current" : "done"}>
              {LABELS[p.phase] ?? p.phase}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
