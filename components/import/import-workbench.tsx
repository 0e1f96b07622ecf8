"use client";
// The Import page's flow: choose the source and its files, preview the changes (a dry run: the
// files are uploaded, read and planned, nothing is written), then apply exactly that plan (the
// same files again with the dry run's plan hash; Warden refuses if the inventory moved meanwhile).
// Progress is the upload's bytes, then the server's phases. Errors name the file, the place in it
// and the reason.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, type FormEvent } from "react";
import type { ImportOutcome } from "@/lib/inventory/import/import-inventory";
import type { ImportMode, ImportSource } from "@/lib/inventory/import/types";
import { DiffView } from "./diff-view";
import { ImportProgressView, type ProgressState } from "./import-progress";
import { postImport, type Problem } from "./post-import";
import { SourcePicker, type SourceChoice } from "./source-picker";
import styles from "./import.module.css";

type Stage = { kind: "edit" } | { kind: "running"; applying: boolean } | { kind: "preview"; outcome: ImportOutcome } | { kind: "applied"; outcome: ImportOutcome };

const toLocalInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean).join(",");

export function ImportWorkbench({ sources, defaults }: { sources: SourceChoice[]; defaults: { ownerKeys: string; teamKeys: string } }) {
  const router = useRouter();
  const [source, setSource] = useState<ImportSource>("aws");
  const info = sources.find((s) => s.key === source)!;
  const [mode, setMode] = useState<ImportMode>(info.defaultMode);
  const [files, setFiles] = useState<File[]>([]);
  const [collectedAt, setCollectedAt] = useState("");
  const [stage, setStage] = useState<Stage>({ kind: "edit" });
  const [progress, setProgress] = useState<ProgressState>({ sent: 0, total: 0, phases: [] });
  const [problem, setProblem] = useState<Problem | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const result = useRef<HTMLDivElement>(null);

  const newest = useMemo(() => (files.length ? Math.max(...files.map((f) => f.lastModified)) : null), [files]);

  function choose(next: ImportSource) {
    setSource(next);
    setMode(sources.find((s) => s.key === next)!.defaultMode);
    setStage({ kind: "edit" });
    setProblem(null);
  }

  function query(dryRun: boolean, plan?: string): URLSearchParams {
    const data = new FormData(form.current!);
    const q = new URLSearchParams({ source, mode, dryRun: String(dryRun) });
    const at = collectedAt || (newest ? toLocalInput(newest) : "");
    if (at) q.set("collectedAt", new Date(at).toISOString());
    for (const [name, key] of [["cluster", "cluster"], ["environment", "environment"]] as const) {
      const v = String(data.get(name) ?? "").trim();
      if (v) q.set(key, v);
    }
    for (const name of ["ownerKeys", "teamKeys", "nhi", "human"]) {
      const v = list(String(data.get(name) ?? ""));
      if (v) q.set(name, v);
    }
    if (plan) q.set("plan", plan);
    return q;
  }

  async function run(dryRun: boolean, plan?: string) {
    const q = query(dryRun, plan); // before the form's inputs are disabled (disabled inputs are not in FormData)
    setProblem(null);
    setProgress({ sent: 0, total: files.reduce((n, f) => n + f.size, 0), phases: [] });
    setStage({ kind: "running", applying: !dryRun });
    try {
      const outcome = await postImport(q, files, (p) =>
        setProgress((s) =>
          p.kind === "upload"
            ? { ...s, sent: p.sent, total: p.total || s.total }
            : { ...s, phases: s.phases.at(-1)?.phase === p.phase ? [...s.phases.slice(0, -1), p] : [...s.phases, p] },
        ),
      );
      setStage(dryRun ? { kind: "preview", outcome } : { kind: "applied", outcome });
      if (!dryRun) router.refresh(); // the history below lists the new import
    } catch (e) {
      setProblem(e as Problem);
      setStage({ kind: "edit" });
    }
    requestAnimationFrame(() => result.current?.focus());
  }

  function onPreview(e: FormEvent) {
    e.preventDefault();
    if (!files.length) return setProblem({ status: 400, detail: "Choose the exported file(s) first.", field: "file" });
    void run(true);
  }

  const busy = stage.kind === "running";
  return (
    <div className={styles.steps}>
      <section className="panel panel-body" aria-labelledby="step-source">
        <h2 id="step-source" className={styles.stepTitle}><span className={styles.stepNo} aria-hidden="true">1</span> Source and how to export it</h2>
        <SourcePicker sources={sources} value={source} onChange={choose} disabled={busy} />
      </section>

      <form ref={form} className="panel panel-body" aria-labelledby="step-files" onSubmit={onPreview}>
        <div className={styles.form}>
          <h2 id="step-files" className={styles.stepTitle}><span className={styles.stepNo} aria-hidden="true">2</span> Files and options</h2>
          <label className="field">
            <span>Exported files <span className={styles.hint}>· {info.accepts}</span></span>
            <input
              type="file" name="file" multiple accept=".json,.csv,.yaml,.yml" disabled={busy} aria-describedby="files-chosen"
              onChange={(e) => {
                setFiles([...(e.currentTarget.files ?? [])]);
                setStage({ kind: "edit" });
                setProblem(null);
              }}
            />
          </label>
          <ul id="files-chosen" className={styles.fileList} aria-live="polite">
            {files.map((f) => (
              <li key={f.name}>
                <span className={styles.fileName}>{f.name}</span>
                <span className="subtle">{(f.size / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} KiB · modified {new Date(f.lastModified).toISOString().slice(0, 16).replace("T", " ")} UTC</span>
              </li>
            ))}
          </ul>
          <fieldset className={styles.modes} disabled={busy}>
            <legend>Mode</legend>
            <label className={styles.mode}>
              <input type="radio" name="mode" value="full" checked={mode === "full"} onChange={() => setMode("full")} />
              <span>Full export</span>
              <span className={styles.modeHint}>The files list everything in the accounts, namespaces or providers they cover: identities missing from them are decommissioned and their grants revoked by this import. Nothing outside what the files cover is touched.</span>
            </label>
            <label className={styles.mode}>
              <input type="radio" name="mode" value="merge" checked={mode === "merge"} onChange={() => setMode("merge")} />
              <span>Merge</span>
              <span className={styles.modeHint}>Add and update only; nothing is marked gone.</span>
            </label>
          </fieldset>
          <div className={styles.row}>
            {source === "kubernetes" ? (
              <label className="field">
                <span>Cluster name <span className={styles.hint}>· kubectl&apos;s export does not say</span></span>
                <input className="input" name="cluster" placeholder="e.g. prod-eu-1" pattern="[\w.:\-]+" maxLength={100} disabled={busy} />
              </label>
            ) : null}
            <label className="field">
              <span>Collected at <span className={styles.hint}>· defaults to the newest file&apos;s modification time</span></span>
              <input className="input" type="datetime-local" value={collectedAt || (newest ? toLocalInput(newest) : "")} onChange={(e) => setCollectedAt(e.currentTarget.value)} disabled={busy} />
            </label>
            <label className="field">
              <span>Environment <span className={styles.hint}>· for identities whose tags name none</span></span>
              <input className="input" name="environment" placeholder="e.g. prod" maxLength={100} disabled={busy} />
            </label>
          </div>
          <details className={styles.advanced}>
            <summary>Owner keys and overrides</summary>
            <div className={styles.row}>
              <label className="field">
                <span>Owner tag / label keys <span className={styles.hint}>· comma-separated</span></span>
                <input className="input" name="ownerKeys" defaultValue={defaults.ownerKeys} disabled={busy} />
              </label>
              <label className="field">
                <span>Team tag / label keys</span>
                <input className="input" name="teamKeys" defaultValue={defaults.teamKeys} disabled={busy} />
              </label>
            </div>
            {source === "aws" ? (
              <div className={styles.row}>
                <label className="field">
                  <span>IAM users that are machines <span className={styles.hint}>· names or ARNs, comma-separated</span></span>
                  <input className="input" name="nhi" disabled={busy} />
                </label>
                <label className="field">
                  <span>IAM users that are people</span>
                  <input className="input" name="human" disabled={busy} />
                </label>
              </div>
            ) : null}
          </details>
          <div className={styles.actions}>
            <button className="button" type="submit" disabled={busy}>
              {busy && !("applying" in stage && stage.applying) ? "Previewing…" : "Preview changes"}
            </button>
            <span className="subtle">A dry run: the files are read and compared with the inventory; nothing is written.</span>
          </div>
        </div>
      </form>

      <div ref={result} tabIndex={-1} aria-live="polite" className={styles.steps}>
        {busy ? <ImportProgressView state={progress} applying={stage.applying} /> : null}
        {problem ? <ProblemPanel problem={problem} /> : null}
        {stage.kind === "preview" ? (
          <section className="panel" aria-labelledby="step-review">
            <div className="panel-body">
              <h2 id="step-review" className={styles.stepTitle}><span className={styles.stepNo} aria-hidden="true">3</span> Review the changes (dry run)</h2>
            </div>
            <div className="panel-body">
              <DiffView outcome={stage.outcome} />
            </div>
            <div className={styles.sticky}>
              <button className="button" type="button" onClick={() => void run(false, stage.outcome.planHash)}>Apply import</button>
              <button className="button button-secondary" type="button" onClick={() => setStage({ kind: "edit" })}>Discard</button>
              <span className="subtle">Applies exactly this plan in one transaction with one entry in Warden&apos;s audit log; refused if the inventory changed since.</span>
            </div>
          </section>
        ) : null}
        {stage.kind === "applied" ? <AppliedPanel outcome={stage.outcome} /> : null}
      </div>
    </div>
  );
}

function ProblemPanel({ problem }: { problem: Problem }) {
  return (
    <section className={`panel panel-body ${styles.problem}`} role="alert" aria-labelledby="import-problem">
      <h2 id="import-problem">{problem.status === 403 ? "Not permitted" : problem.status === 409 ? "The inventory changed" : "Nothing was imported"}</h2>
      <p>{problem.reason ? `The file was refused: ${problem.reason}.` : problem.detail}</p>
      {problem.file ? (
        <dl>
          <dt>File</dt><dd>{problem.file}</dd>
          <dt>Where</dt><dd>{problem.path}</dd>
          <dt>Why</dt><dd>{problem.reason}</dd>
        </dl>
      ) : null}
    </section>
  );
}

function AppliedPanel({ outcome }: { outcome: ImportOutcome }) {
  const d = outcome.diff;
  return (
    <section className={`panel ${styles.done}`} aria-labelledby="import-applied">
      <div className="panel-body">
        <h2 id="import-applied">Import applied</h2>
        <p>
          {d.identities.added.toLocaleString("en-US")} identities added, {d.identities.changed.toLocaleString("en-US")} changed, {d.identities.removed.toLocaleString("en-US")} decommissioned;{" "}
          {d.grants.added.toLocaleString("en-US")} grants added, {d.grants.removed.toLocaleString("en-US")} revoked. Recorded as import <code>{outcome.importId}</code> with one entry in Warden&apos;s audit log.
        </p>
        <p style={{ marginTop: "0.5rem" }}>
          <Link className="button" href={`/identities?import=${outcome.importId}`}>View the identities of this import</Link>{" "}
          <Link className="button button-secondary" href="/over-privilege">Open the over-privilege heatmap</Link>
        </p>
      </div>
      <div className="panel-body">
        <DiffView outcome={outcome} />
      </div>
    </section>
  );
}
