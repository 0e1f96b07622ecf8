// What every detector declares: who it is, what a finding from it means and what to do about it,
// how severe it is, which OWASP Non-Human Identities Top 10 (2025) risk and SOC 2 criteria it
// supports, and its parameters (a zod object whose defaults an admin can change in Settings).
// Client-safe: the catalogue page and Settings render these declarations.
import type { z } from "zod";
import type { Severity } from "../db/generated/enums";

/** OWASP Non-Human Identities Top 10, 2025 edition. */
export const OWASP_NHI = {
  "NHI1:2025": "Improper Offboarding",
  "NHI2:2025": "Secret Leakage",
  "NHI3:2025": "Vulnerable Third-Party NHI",
  "NHI4:2025": "Insecure Authentication",
  "NHI5:2025": "Overprivileged NHI",
  "NHI6:2025": "Insecure Cloud Deployment Configurations",
  "NHI7:2025": "Long-Lived Secrets",
  "NHI8:2025": "Environment Isolation",
  "NHI9:2025": "NHI Reuse",
  "NHI10:2025": "Human Use of NHI",
} as const;
export type OwaspNhi = keyof typeof OWASP_NHI;

/** The SOC 2 Trust Services Criteria (2017, revised points of focus 2022) detections support. */
export const SOC2 = {
  "CC6.1": "Logical access security over protected information assets",
  "CC6.2": "Registration and authorization of users and credentials",
  "CC6.3": "Role-based access, least privilege and removal of access",
  "CC6.6": "Protection against threats from outside the system boundary",
  "CC6.7": "Restriction of data movement and transmission",
  "CC7.2": "Monitoring of system components for anomalies",
  "CC7.3": "Evaluation of security events",
  "CC8.1": "Authorized changes to infrastructure and configuration",
} as const;
export type Soc2 = keyof typeof SOC2;

export type DetectorKind = "ingest" | "scheduled";

export type DetectorInfo<P extends z.ZodObject = z.ZodObject> = {
  id: string;
  title: string;
  kind: DetectorKind;
  /** Default severity; a detector may raise or lower it per finding (and says why in its working). */
  severity: Severity;
  meaning: string;
  action: string;
  owasp: OwaspNhi[];
  soc2: Soc2[];
  /** Every key has a default (`.default(…)`); `describe()` gives the Settings label. */
  params: P;
};

export type Params<D extends DetectorInfo> = z.output<D["params"]>;

/** The parameters' labels and defaults, for Settings and the catalogue. */
export function paramDocs(info: DetectorInfo): { key: string; label: string; value: unknown }[] {
  const defaults = info.params.parse({}) as Record<string, unknown>;
  return Object.entries(info.params.shape).map(([key, schema]) => ({
    key,
    label: (schema as z.ZodType).description ?? key,
    value: defaults[key],
  }));
}
