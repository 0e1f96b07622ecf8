// What the cells and the score mean. The score's formula and weights are spelled out, so that a
// reviewer can check any row by hand.
import { RISK_CLASS_LABELS, RISK_ORDER, RISK_WEIGHTS } from "@/lib/analytics/over-privilege-score";
import grid from "./heatmap.module.css";
import styles from "./heatmap-legend.module.css";

export function HeatmapLegend({ windowDays }: { windowDays: number }) {
  return (
    <div className={styles.legend}>
      <ul className={styles.states} aria-label="Cell states">
        <li>
          <span className={styles.ramp} aria-hidden="true">
            {[1, 2, 3, 4].map((l) => (
              <span key={l} className={`${grid.swatch} ${grid.used} ${grid[`l${l}`]}`} />
            ))}
          </span>
          Granted and used (darker: 1–9, 10–99, 100–999, 1,000+ calls)
        </li>
        <li>
          <span className={`${grid.swatch} ${grid.unused}`} aria-hidden="true" />
          <strong>Granted, unused</strong> for {windowDays} days
        </li>
        <li>
          <span className={`${grid.swatch} ${grid.ungranted} ${styles.bang}`} aria-hidden="true">
            !
          </span>
          Used without a grant (denied, or allowed off-grant)
        </li>
        <li>
          <span className={`${grid.swatch} ${grid.none}`} aria-hidden="true" />
          Used under a grant since ended
        </li>
        <li>
          <span className={`${grid.swatch} ${styles.empty}`} aria-hidden="true" />
          Not granted
        </li>
      </ul>
      <p className={styles.formula}>
        <strong>Score</strong> (0–100) = risk-weighted share of granted scopes left unused: Σ weight of unused grants ÷ Σ
        weight of all grants. Denied calls are not use. Weights:{" "}
        {RISK_ORDER.map((r, i) => (
          <span key={r} className={styles.weight}>
            {RISK_CLASS_LABELS[r]} {RISK_WEIGHTS[r]}
            {i < RISK_ORDER.length - 1 ? " · " : "."}
          </span>
        ))}
      </p>
    </div>
  );
}
