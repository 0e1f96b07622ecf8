// Over-privilege rules, pure and client-safe: the state of one identity × scope cell, the
// identity's over-privilege score and the estate's least-privilege figure, and the words a cell
// is read out with.
//
// Score = Σ weight(granted scopes NOT used in the window) ÷ Σ weight(all granted scopes), 0–1.
// An unused admin grant costs five times an unused read grant, because revoking it removes five
// times the damage a stolen credential could do. Weights:
//   read 1 · write 2 · export 3 · secret_read 4 · cross_tenant 4 · permission_change 5 · admin 5
// "Used" means at least one allowed (or errored, i.e. authorised but failed) call with the scope
// in the window; denials are attempts, not use. Identities without grants have no score.
import type { RiskClass } from "../db/generated/enums";

export const RISK_WEIGHTS: Record<RiskClass, number> = {
  read: 1,
  write: 2,
  export: 3,
  secret_read: 4,
  cross_tenant: 4,
  permission_change: 5,
  admin: 5,
};

/** Column-group order on the heatmap: most dangerous first. */
export const RISK_ORDER: readonly RiskClass[] = [
  "admin",
  "permission_change",
  "secret_read",
  "cross_tenant",
  "export",
  "write",
  "read",
];

export const RISK_CLASS_LABELS: Record<RiskClass, string> = {
  read: "Read",
  write: "Write",
  admin: "Admin",
  export: "Export",
  cross_tenant: "Cross-tenant",
  secret_read: "Secret read",
  permission_change: "Permission change",
};

/** For column groups too narrow for the full label. */
export const RISK_CLASS_SHORT: Record<RiskClass, string> = {
  read: "Rd",
  write: "Wr",
  admin: "Adm",
  export: "Exp",
  cross_tenant: "XT",
  secret_read: "Sec",
  permission_change: "Perm",
};

export type CellState = "used" | "unused" | "ungranted" | "none";

/** One identity × scope pair that is granted or was exercised in the window. */
export type HeatCell = {
  scope: string;
  /** null for a scope used in events but missing from the scope catalog. */
  risk: RiskClass | null;
  /** When the live grant was made (epoch ms); null when there is no live grant. */
  grantedAtMs: number | null;
  /** Allowed or errored calls in the window. */
  uses: number;
  denied: number;
  /** Allowed calls with no grant recorded at the time (inventory drift). */
  ungrantedUses: number;
};

/**
 * Without a live grant, a cell is "ungranted" when the scope was denied or allowed without a grant;
 * calls made under a grant that has since been revoked or has expired leave it "none".
 */
export function cellState(c: Pick<HeatCell, "grantedAtMs" | "uses" | "denied" | "ungrantedUses">): CellState {
  if (c.grantedAtMs !== null) return c.uses > 0 ? "used" : "unused";
  return c.denied > 0 || c.ungrantedUses > 0 ? "ungranted" : "none";
}

/** Intensity for granted-and-used cells: 1–4 by order of magnitude (1–9, 10–99, 100–999, 1000+). */
export function intensityLevel(uses: number): 1 | 2 | 3 | 4 {
  if (uses < 10) return 1;
  if (uses < 100) return 2;
  if (uses < 1000) return 3;
  return 4;
}

export type ScoreParts = { granted: number; unused: number; grantedWeight: number; unusedWeight: number };

export function scoreFrom(p: Pick<ScoreParts, "grantedWeight" | "unusedWeight">): number | null {
  return p.grantedWeight > 0 ? p.unusedWeight / p.grantedWeight : null;
}

export function scoreParts(cells: readonly HeatCell[]): ScoreParts {
  const out: ScoreParts = { granted: 0, unused: 0, grantedWeight: 0, unusedWeight: 0 };
  for (const c of cells) {
    if (c.grantedAtMs === null) continue;
    // A live grant always has a catalogued scope; read is the floor if it ever does not.
    const w = c.risk ? RISK_WEIGHTS[c.risk] : RISK_WEIGHTS.read;
    out.granted++;
    out.grantedWeight += w;
    if (c.uses === 0) {
      out.unused++;
      out.unusedWeight += w;
    }
  }
  return out;
}

export function overPrivilegeScore(cells: readonly HeatCell[]): number | null {
  return scoreFrom(scoreParts(cells));
}

/** Least privilege holds for an identity with grants when every granted scope was used. */
export function leastPrivilegeShare(identities: readonly Pick<ScoreParts, "granted" | "unused">[]) {
  const withGrants = identities.filter((i) => i.granted > 0);
  const compliant = withGrants.filter((i) => i.unused === 0).length;
  return { compliant, withGrants: withGrants.length, share: withGrants.length ? compliant / withGrants.length : null };
}

export function formatScore(score: number | null): string {
  return score === null ? "—" : String(Math.round(score * 100));
}

const DAY_MS = 86_400_000;
const fmt = new Intl.NumberFormat("en-US");
const times = (n: number) => `${fmt.format(n)} ${n === 1 ? "time" : "times"}`;

/** "svc-x · s3:GetObject: granted, unused for 30 days" and its siblings. */
export function cellLabel(identity: string, scope: string, c: HeatCell | undefined, windowDays: number, now: Date): string {
  const head = `${identity} · ${scope}`;
  if (!c) return `${head}: not granted`;
  const state = cellState(c);
  if (state === "used") return `${head}: granted, used ${times(c.uses)} in ${windowDays} days`;
  if (state === "unused") {
    const heldDays = Math.floor((now.getTime() - c.grantedAtMs!) / DAY_MS);
    const denied = c.denied > 0 ? `; ${fmt.format(c.denied)} denied` : "";
    return heldDays < windowDays
      ? `${head}: granted ${heldDays === 0 ? "today" : `${heldDays} days ago`}, unused since${denied}`
      : `${head}: granted, unused for ${windowDays} days${denied}`;
  }
  if (state === "ungranted") {
    const parts = [
      c.denied > 0 ? `${fmt.format(c.denied)} denied` : null,
      c.ungrantedUses > 0 ? `${fmt.format(c.ungrantedUses)} allowed without a grant` : null,
    ].filter(Boolean);
    return `${head}: not granted, used anyway (${parts.join(", ")}) in ${windowDays} days`;
  }
  if (c.uses > 0) return `${head}: not granted now; used ${times(c.uses)} in ${windowDays} days under a grant since ended`;
  return `${head}: not granted`;
}
