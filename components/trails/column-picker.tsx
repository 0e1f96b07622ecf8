"use client";
// Chooses the explorer's visible columns. A disclosure (<details>) with one checkbox per column;
// each change goes to the URL, so a column layout is part of a shareable link. Checkboxes answer
// at once (local state) and settle on the URL's state when the new page arrives.
import { useState } from "react";
import styles from "./events-table.module.css";

export type PickerColumn = { id: string; label: string; visible: boolean; canHide: boolean; toggle: (visible: boolean) => void };

const stateOf = (columns: PickerColumn[]) => Object.fromEntries(columns.map((c) => [c.id, c.visible]));

export function ColumnPicker({ columns, onReset }: { columns: PickerColumn[]; onReset: () => void }) {
  const fromUrl = columns.map((c) => `${c.id}:${c.visible}`).join(",");
  const [checked, setChecked] = useState<Record<string, boolean>>(() => stateOf(columns));
  const [synced, setSynced] = useState(fromUrl);
  if (synced !== fromUrl) {
    // The URL changed (navigation finished, back/forward): it is the truth again.
    setSynced(fromUrl);
    setChecked(stateOf(columns));
  }
  const shown = Object.values(checked).filter(Boolean).length;
  return (
    <details className={styles.picker}>
      <summary className="button button-secondary">
        Columns <span className="subtle">({shown} of {columns.length})</span>
      </summary>
      <fieldset className={styles.pickerPanel}>
        <legend className="visually-hidden">Visible columns</legend>
        <ul>
          {columns.map((c) => (
            <li key={c.id}>
              <label>
                <input
                  type="checkbox"
                  checked={checked[c.id] ?? c.visible}
                  disabled={!c.canHide}
                  onChange={(e) => {
                    const v = e.currentTarget.checked;
                    setChecked((s) => ({ ...s, [c.id]: v }));
                    c.toggle(v);
                  }}
                />{" "}
                {c.label}
              </label>
            </li>
          ))}
        </ul>
        <button type="button" className="button button-quiet" onClick={onReset}>
          Reset to default columns
        </button>
      </fieldset>
    </details>
  );
}
