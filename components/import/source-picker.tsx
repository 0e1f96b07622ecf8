// The three sources as radio cards, and for the chosen one the exact commands that produce its
// files (copyable) and, for the generic format, its templates.
import type { ImportMode, ImportSource } from "@/lib/inventory/import/types";
import { CopyButton } from "./copy-button";
import styles from "./import.module.css";

export type SourceChoice = {
  key: ImportSource; label: string; hint: string; accepts: string; defaultMode: ImportMode;
  commands: { file: string; command: string }[]; templates: string[];
};

export function SourcePicker({ sources, value, onChange, disabled }: { sources: SourceChoice[]; value: ImportSource; onChange: (s: ImportSource) => void; disabled: boolean }) {
  const chosen = sources.find((s) => s.key === value)!;
  return (
    <>
      <fieldset className={styles.sources} disabled={disabled}>
        <legend className="visually-hidden">Source</legend>
        {sources.map((s) => (
          <label key={s.key} className={styles.source}>
            <input type="radio" name="source" value={s.key} checked={s.key === value} onChange={() => onChange(s.key)} />
            <span className={styles.sourceName}>{s.label}</span>
            <span className={styles.sourceHint}>{s.hint}</span>
          </label>
        ))}
      </fieldset>
      <div className={styles.commands}>
        {chosen.commands.map((c) => (
          <div key={c.file} className={styles.command}>
            <span className={styles.commandLabel}>{c.file}</span>
            <div className={styles.commandRow}>
              <pre>{c.command}</pre>
              {chosen.templates.length ? null : <CopyButton text={c.command} label={`Copy the command for ${c.file}`} />}
            </div>
          </div>
        ))}
        {chosen.templates.length ? (
          <p className={styles.templates}>
            <span>Templates:</span>
            {chosen.templates.map((t) => (
              <a key={t} href={`/import/template/${t}`} download>
                {t}
              </a>
            ))}
            <span className="subtle">· the README documents every column and key</span>
          </p>
        ) : null}
      </div>
    </>
  );
}
