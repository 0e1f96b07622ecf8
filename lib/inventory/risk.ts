// Risk bands over identities.risk_score (0–100), on the CVSS scale ×10 so that analysts read
// "high" the way they already do. The bands are half-open so that every score has exactly one.
export const RISK_BANDS = ["low", "medium", "high", "critical"] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** Lower bound (inclusive) and upper bound (exclusive, null = unbounded) of each band. */
export const RISK_BAND_RANGE: Record<RiskBand, { min: number | null; below: number | null }> = {
  low: { min: null, below: 40 },
  medium: { min: 40, below: 70 },
  high: { min: 70, below: 90 },
  critical: { min: 90, below: null },
};

export function riskBand(score: number): RiskBand {
  if (score >= 90) return "critical";
  if (score >= 70) return "high";
  if (score >= 40) return "medium";
  return "low";
}
