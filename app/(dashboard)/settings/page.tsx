import type { Metadata } from "next";
import { CreateKeyForm } from "@/components/settings/create-key-form";
import { RevokeKeyButton } from "@/components/settings/revoke-key-button";
import { guardedPage } from "@/components/shell/guarded-page";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/panels";
import { verifyAuditChain } from "@/lib/audit-log/verify";
import type { UserActor } from "@/lib/auth/session";
import { listIngestKeys } from "@/lib/ingest-keys/list-keys";
import { RETENTION_DAYS } from "@/lib/retention/policy";
import { configureDetectorAction, createKeyAction, revokeKeyAction } from "./actions";
import { DetectorSettingsForm } from "@/components/settings/detector-settings";
import { listDetectorStatus } from "@/lib/detections/update-settings";
import { ActionForm } from "@/components/findings/action-form";
import { runDetectorsAction } from "../findings/actions";
import Link from "next/link";
import styles from "./settings.module.css";

export const metadata: Metadata = { title: "Settings" };

const utc = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never");

// Admin-only: guardedPage asks lib/auth (settings:read) and renders the 403 panel otherwise; the
// lib calls below check again, so the page stays closed even without the guard.
export default async function SettingsPage() {
  return guardedPage({ permission: "settings:read", area: "Settings" }, (user) => SettingsBody({ user }));
}

async function SettingsBody({ user }: { user: UserActor }) {
  const [keys, chain, detectors] = await Promise.all([listIngestKeys({ actor: user }), verifyAuditChain({ actor: user }), listDetectorStatus({ actor: user })]);
  return (
    <>
      <PageHeader title="Settings" lead="Ingest keys for event producers, retention, detector parameters, and the integrity of Warden's own audit log." />
      <section className="panel section" aria-labelledby="keys-title">
        <div className="panel-header">
          <h2 id="keys-title">Ingest keys</h2>
        </div>
        <CreateKeyForm action={createKeyAction} />
        {keys.length === 0 ? (
          <EmptyState title="No ingest keys yet">Create one above, or run <code>npm run --silent ingest-key -- create &lt;name&gt;</code>.</EmptyState>
        ) : (
          <div className={styles.scroll}>
            <table className={styles.table}>
              <caption className="visually-hidden">Ingest keys</caption>
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">May</th><th scope="col">Allowed sources</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name}</td>
                    <td className="mono">{k.keyPrefix}…</td>
                    <td>{k.scopes.map((s) => (s === "events" ? "send events" : "import inventory")).join(", ")}</td>
                    <td>{k.allowedSources.length ? k.allowedSources.join(", ") : <span className="subtle">any</span>}</td>
                    <td>{utc(k.createdAt)} <span className="subtle">by {k.createdBy}</span></td>
                    <td>{utc(k.lastUsedAt)}</td>
                    <td>{k.revokedAt ? <span className="badge badge-danger">revoked {utc(k.revokedAt)}</span> : <span className="badge badge-success">active</span>}</td>
                    <td>
                      {k.revokedAt ? null : <RevokeKeyButton name={k.name} action={revokeKeyAction} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel section" aria-labelledby="retention-title">
        <div className="panel-header"><h2 id="retention-title">Retention</h2></div>
        <div className="panel-body">
          <p>
            Routine reads are kept {RETENTION_DAYS.routine} days, writes {RETENTION_DAYS.write} days, and denials, errors and privileged
            actions (admin, export, secret read, permission change, cross-tenant) {RETENTION_DAYS.sensitive} days. Applied daily while Warden runs,
            and on demand with <code>npm run retention</code>.
          </p>
        </div>
      </section>
      <section className="panel section" aria-labelledby="detectors" id="detectors">
        <div className="panel-header">
          <h2 id="detectors">Detectors</h2>
          <p>Parameters and switches; what each one means is in the <Link href="/findings/detectors">catalogue</Link></p>
        </div>
        <div className="panel-body" style={{ display: "grid", gap: "1rem" }}>
          <ActionForm action={runDetectorsAction} label="Run scheduled detectors now" pendingLabel="Running detectors…" hidden={{}} secondary />
          {detectors.map((d) => (
            <div key={d.id} style={{ borderTop: "1px solid var(--border)", paddingTop: "0.75rem" }}>
              <h3>{d.title} <span className="subtle mono">{d.id}</span> <span className="subtle">· {d.kind === "ingest" ? "every ingest batch" : d.cadence}{d.lastRun ? ` · last run ${d.lastRun.at.slice(0, 16).replace("T", " ")} UTC, ${d.lastRun.candidates} found` : ""}</span></h3>
              <DetectorSettingsForm d={d} action={configureDetectorAction} />
            </div>
          ))}
        </div>
      </section>
      <section className="panel section" aria-labelledby="chain-title">
        <div className="panel-header"><h2 id="chain-title">Warden audit log</h2></div>
        <div className="panel-body">
          {chain.ok ? (
            <p><span className="badge badge-success">Chain verified</span> {chain.entries.toLocaleString("en-US")} entries; every hash matches its contents and its predecessor.</p>
          ) : (
            <p role="alert"><span className="badge badge-danger">Chain broken</span> The entry with sequence {chain.firstBrokenSeq} does not match — the log was altered outside Warden.</p>
          )}
          {chain.lastHash ? <p className="subtle mono">head {chain.lastHash}</p> : null}
        </div>
      </section>
    </>
  );
}
