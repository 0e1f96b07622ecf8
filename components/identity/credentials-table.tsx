// The identity's credentials with the questions an analyst asks of each: how old, rotated when
// (flagged past the rotation limit), last used, and does it expire (flagged when expired or soon).
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/panels";
import { RelativeTime } from "@/components/ui/relative-time";
import type { CredentialView } from "@/lib/identities/detail";
import { EXPIRY_WARNING_DAYS, ROTATION_MAX_AGE_DAYS } from "@/lib/inventory/credential-policy";
import { plural } from "../trails/format";
import styles from "./identity.module.css";

const TYPE_LABELS: Record<string, string> = {
  access_key: "Access key", api_key: "API key", oauth_client_secret: "OAuth client secret", token: "Token",
  certificate: "Certificate", ssh_key: "SSH key", password: "Password",
};

const STATUS_TONE = { active: "success", expired: "neutral", revoked: "neutral" } as const;

export function CredentialsTable({ credentials }: { credentials: CredentialView[] }) {
  return (
    <section className="section" aria-labelledby="credentials-heading">
      <div className={styles.sectionHead}>
        <h2 id="credentials-heading">
          Credentials <span className={styles.sectionNote}>fingerprints only; Warden never stores a secret</span>
        </h2>
      </div>
      <div className="panel">
        {credentials.length === 0 ? (
          <EmptyState title="No credentials on record">
            <p>Events for this identity carry no known credential, or its credentials were never registered.</p>
          </EmptyState>
        ) : (
          <div style={{ overflowX: "auto" }}>
            <table className={styles.table}>
              <caption>
                Rotation is overdue after {ROTATION_MAX_AGE_DAYS} days; expiry is flagged {EXPIRY_WARNING_DAYS} days ahead.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Fingerprint</th>
                  <th scope="col">Status</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Last rotated</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                </tr>
              </thead>
              <tbody>
                {credentials.map((c) => (
                  <tr key={c.id} data-flag={c.status === "active" && (c.rotationOverdue || c.expiry === "expired") ? "" : undefined}>
                    <td className={styles.nowrap}>{TYPE_LABELS[c.type] ?? c.type}</td>
                    <td className={styles.mono}>{c.fingerprint}</td>
                    <td>
                      <Badge tone={STATUS_TONE[c.status]}>{c.status === "active" ? "Active" : c.status === "expired" ? "Expired" : "Revoked"}</Badge>
                    </td>
                    <td className={styles.nowrap}>
                      <RelativeTime iso={c.issuedAt} />
                      <span className={styles.sub}>{plural(c.ageDays, "day")} old</span>
                    </td>
                    <td className={styles.nowrap}>
                      {c.lastRotatedAt ? <RelativeTime iso={c.lastRotatedAt} /> : <span className="subtle">Never rotated</span>}
                      {c.rotationOverdue ? (
                        <span className={`${styles.sub} ${styles.flag}`}>
                          Overdue: {plural(c.daysSinceRotation, "day")} since {c.lastRotatedAt ? "rotation" : "issue"}
                        </span>
                      ) : null}
                    </td>
                    <td className={styles.nowrap}>
                      <RelativeTime iso={c.lastUsedAt} fallback="Never used" />
                    </td>
                    <td className={styles.nowrap}>
                      {c.expiresAt ? <RelativeTime iso={c.expiresAt} /> : <span className="subtle">No expiry</span>}
                      {c.expiry === "expired" ? (
                        <span className={`${styles.sub} ${styles.flag}`}>
                          Expired{c.status === "active" ? " but still marked active" : ""}
                        </span>
                      ) : c.expiry === "expiring" ? (
                        <span className={`${styles.sub} ${styles.warn}`}>Expires within {EXPIRY_WARNING_DAYS} days</span>
                      ) : c.expiry === "none" && c.status === "active" ? (
                        <span className={styles.sub}>Long-lived</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
