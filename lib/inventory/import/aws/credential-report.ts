// The IAM credential report (`aws iam get-credential-report`, CSV): per user, the console password,
// MFA, two access keys and two signing certificates with when each was rotated and last used. The
// report carries no key ids, so a key is recorded as `aws-iam:<user arn>:access_key_<n>`; events
// that name an AKIA… key therefore bind through the user's ARN, not the key.
import type { ImportedCredential } from "../types";
import type { FileReader } from "../file-reader";
import { csvRows } from "../read-csv";

export const REPORT_COLUMNS = ["user", "arn", "user_creation_time", "password_enabled", "mfa_active", "access_key_1_active"];

export type ReportRow = {
  user: string; arn: string; createdAt: Date | null; passwordEnabled: boolean; passwordLastUsed: Date | null;
  passwordLastChanged: Date | null; mfa: boolean; credentials: Omit<ImportedCredential, "identity">[];
};

/** The report's dates, or null for N/A, no_information, not_supported and empty cells. */
function date(v: string | undefined): Date | null {
  if (!v || !/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function keyCredential(row: Record<string, string>, arn: string, kind: "access_key" | "cert", n: 1 | 2): Omit<ImportedCredential, "identity"> | null {
  const prefix = `${kind}_${n}`;
  const rotated = date(row[`${prefix}_last_rotated`]);
  if (!rotated) return null; // no such key (N/A)
  return {
    type: kind === "access_key" ? "access_key" : "certificate",
    fingerprint: `aws-iam:${arn}:${prefix}`,
    issuedAt: rotated,
    expiresAt: null,
    lastRotatedAt: rotated,
    lastUsedAt: kind === "access_key" ? date(row[`${prefix}_last_used_date`]) : null,
    // An inactive key can be switched back on; Warden has no "inactive", and revoked is what it is until then.
    status: row[`${prefix}_active`] === "true" ? "active" : "revoked",
  };
}

export async function readCredentialReport(reader: FileReader): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  for await (const { line, values } of csvRows(reader)) {
    const arn = values.arn;
    if (!arn?.startsWith("arn:")) throw reader.error(`line ${line}, column arn`, `expected an ARN, got ${JSON.stringify(arn ?? "")}`);
    const passwordEnabled = values.password_enabled === "true";
    const credentials = [
      keyCredential(values, arn, "access_key", 1), keyCredential(values, arn, "access_key", 2),
      keyCredential(values, arn, "cert", 1), keyCredential(values, arn, "cert", 2),
    ].filter((c): c is NonNullable<typeof c> => c !== null);
    const lastChanged = date(values.password_last_changed);
    if (passwordEnabled) {
      const issued = lastChanged ?? date(values.user_creation_time);
      if (issued) {
        credentials.push({
          type: "password", fingerprint: `aws-iam:${arn}:password`, issuedAt: issued, expiresAt: date(values.password_next_rotation),
          lastRotatedAt: lastChanged, lastUsedAt: date(values.password_last_used), status: "active",
        });
      }
    }
    rows.push({
      user: values.user, arn, createdAt: date(values.user_creation_time), passwordEnabled,
      passwordLastUsed: date(values.password_last_used), passwordLastChanged: lastChanged, mfa: values.mfa_active === "true", credentials,
    });
  }
  return rows;
}
