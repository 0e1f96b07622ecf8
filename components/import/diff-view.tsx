// The diff of a dry run (or of the import just applied): counts per record kind, what the import
// covers, then the first rows of each change, riskiest grants first. Every table says how many
// of how many rows it shows; the counts above are exact.
import type { ReactNode } from "react";
import { RISK_ORDER } from "@/lib/analytics/over-privilege-score";
import type { ImportOutcome } from "@/lib/inventory/import/import-inventory";
import type { Counts, IdentitySample } from "@/lib/inventory/import/diff";
import { KIND_LABELS } from "../inventory/labels";
import { RiskClassBadge } from "../trails/event-badges";
import styles from "./import.module.css";

const fmt = (n: number) => n.toLocaleString("en-US");

function CountLine({ c, removed = "removed" }: { c: Counts; removed?: string }) {
  return (
    <dl className={styles.counts}>
      <dt>Added</dt><dd className={c.added ? styles.added : styles.same}>+{fmt(c.added)}</dd>
      <dt>Changed</dt><dd className={c.changed ? styles.changed : styles.same}>~{fmt(c.changed)}</dd>
      <dt>{removed[0].toUpperCase() + removed.slice(1)}</dt><dd className={c.removed ? styles.removed : styles.same}>−{fmt(c.removed)}</dd>
      <dt>Unchanged</dt><dd className={styles.same}>{fmt(c.unchanged)}</dd>
    </dl>
  );
}

function Section({ title, total, shown, open, children }: { title: string; total: number; shown: number; open?: boolean; children: ReactNode }) {
  if (total === 0) return null;
  return (
    <details className={styles.section} open={open}>
      <summary>
        {title} <span className={styles.sectionCount}>{fmt(total)}{shown < total ? ` · the first ${fmt(shown)} are listed` : ""}</span>
      </summary>
      <div className={styles.sectionBody}>{children}</div>
    </details>
  );
}

function IdentityTable({ rows, caption, extra }: { rows: (IdentitySample & { fields?: string[] })[]; caption: string; extra?: "fields" }) {
  return (
    <table className={styles.table}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col">Actor</th>
          {extra ? <th scope="col">What changes</th> : null}
          <th scope="col">External ID</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.externalId}>
            <th scope="row">{r.name}</th>
            <td>{KIND_LABELS[r.kind as keyof typeof KIND_LABELS] ?? r.kind}</td>
            <td>{r.actorType === "human" ? "Human" : "NHI"}</td>
            {extra ? <td>{r.fields?.join(", ")}</td> : null}
            <td className={styles.mono}>{r.externalId}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RiskLine({ byRisk }: { byRisk: Partial<Record<string, number>> }) {
  const entries = RISK_ORDER.filter((r) => byRisk[r]).map((r) => [r, byRisk[r]!] as const);
  return (
    <p className={styles.riskLine}>
      {entries.map(([risk, n]) => (
        <span key={risk}>
          <RiskClassBadge riskClass={risk} /> {fmt(n)}
        </span>
      ))}
    </p>
  );
}

function GrantTable({ rows, caption }: { rows: ImportOutcome["diff"]["samples"]["grantsAdded"]; caption: string }) {
  return (
    <table className={styles.table}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Scope</th>
          <th scope="col">Risk class</th>
          <th scope="col">Identity</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((g) => (
          <tr key={`${g.identity} ${g.scope}`}>
            <th scope="row" className={styles.mono}>{g.scope}</th>
            <td><RiskClassBadge riskClass={g.riskClass} /></td>
            <td>{g.name} <span className={styles.mono}>{g.identity}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CredentialTable({ rows, caption }: { rows: ImportOutcome["diff"]["samples"]["credentialsAdded"]; caption: string }) {
  return (
    <table className={styles.table}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr><th scope="col">Fingerprint</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Identity</th></tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.fingerprint}>
            <th scope="row" className={styles.mono}>{c.fingerprint}</th>
            <td>{c.type.replace(/_/g, " ")}</td>
            <td>{c.status}</td>
            <td className={styles.mono}>{c.identity}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DiffView({ outcome }: { outcome: ImportOutcome }) {
  const { diff: d, samples: s } = { diff: outcome.diff, samples: outcome.diff.samples };
  const full = outcome.mode === "full";
  return (
    <div className={styles.steps}>
      <div className={styles.summary} role="group" aria-label="Changes by record kind">
        <div className={styles.card}>
          <span className={styles.cardLabel}>Identities</span>
          <CountLine c={d.identities} removed="decommissioned" />
          {d.identities.adopted + d.identities.merged + d.identities.reappeared ? (
            <span className={styles.cardNote}>
              {fmt(d.identities.adopted)} discovered in events and now registered · {fmt(d.identities.merged)} discovered duplicates merged · {fmt(d.identities.reappeared)} back from decommissioned
            </span>
          ) : null}
        </div>
        <div className={styles.card}>
          <span className={styles.cardLabel}>Grants</span>
          <CountLine c={d.grants} removed="revoked" />
          <span className={styles.cardNote}>{fmt(d.scopes.added)} scopes new to Warden</span>
        </div>
        <div className={styles.card}>
          <span className={styles.cardLabel}>Credentials</span>
          <CountLine c={d.credentials} removed="revoked" />
        </div>
        <div className={styles.card}>
          <span className={styles.cardLabel}>Owners unknown</span>
          <span className={d.owners.ownerless ? styles.removed : styles.same}>{fmt(d.owners.ownerless)} identities without an owner</span>
          <span className={styles.cardNote}>{d.owners.newOwners.length ? `${fmt(d.owners.newOwners.length)} owners new to Warden (from tags)` : "No new owners"}</span>
        </div>
      </div>
      <dl className={styles.facts}>
        <dt>Mode</dt>
        <dd>
          {full
            ? `Full: what these files do not list is marked gone, only within ${outcome.coverage.identities.join(", ") || "nothing (the files cover no scope)"}.`
            : "Merge: identities, grants and credentials are added and updated; nothing is marked gone."}
        </dd>
        <dt>Files</dt>
        <dd>{outcome.files.map((f) => `${f.name} (${f.format}, ${fmt(f.bytes)} bytes, SHA-256 ${f.sha256})`).join("; ")}</dd>
        <dt>Read</dt>
        <dd>{Object.entries(outcome.read).filter(([, v]) => v > 0).map(([k, v]) => `${fmt(v)} ${k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`).join(" · ")}</dd>
        <dt>Collected</dt>
        <dd>{outcome.collectedAt.slice(0, 16).replace("T", " ")} UTC · <code>{outcome.command.split("\n")[0]}</code></dd>
      </dl>
      {outcome.warnings.length ? (
        <details className={styles.section} open={outcome.warnings.length <= 5}>
          <summary>Warnings <span className={styles.sectionCount}>{fmt(outcome.warnings.length)}</span></summary>
          <ul className={styles.warnings}>{outcome.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </details>
      ) : null}
      <Section title="Identities added" total={d.identities.added} shown={s.added.length} open>
        <IdentityTable rows={s.added} caption="Identities added" />
      </Section>
      <Section title="Identities changed" total={d.identities.changed} shown={s.changed.length} open>
        <IdentityTable rows={s.changed} caption="Identities changed" extra="fields" />
      </Section>
      <Section title="Identities decommissioned (gone from the source)" total={d.identities.removed} shown={s.removed.length} open>
        <IdentityTable rows={s.removed} caption="Identities decommissioned" />
      </Section>
      <Section title="Discovered identities merged into imported ones" total={s.merged.length} shown={s.merged.length}>
        <table className={styles.table}>
          <caption className="visually-hidden">Merged identities</caption>
          <thead><tr><th scope="col">Seen in events as</th><th scope="col">Is</th></tr></thead>
          <tbody>{s.merged.map((m) => <tr key={m.from}><th scope="row" className={styles.mono}>{m.from}</th><td className={styles.mono}>{m.into}</td></tr>)}</tbody>
        </table>
      </Section>
      <Section title="Grants added" total={d.grants.added} shown={s.grantsAdded.length}>
        <RiskLine byRisk={d.grants.addedByRisk} />
        <GrantTable rows={s.grantsAdded} caption="Grants added, riskiest first" />
      </Section>
      <Section title="Grants revoked by this import" total={d.grants.removed} shown={s.grantsRemoved.length} open>
        <RiskLine byRisk={d.grants.removedByRisk} />
        <GrantTable rows={s.grantsRemoved} caption="Grants revoked, riskiest first" />
      </Section>
      <Section title="Credentials added" total={d.credentials.added} shown={s.credentialsAdded.length}>
        <CredentialTable rows={s.credentialsAdded} caption="Credentials added" />
      </Section>
      <Section title="Credentials changed" total={d.credentials.changed} shown={s.credentialsChanged.length}>
        <CredentialTable rows={s.credentialsChanged} caption="Credentials changed" />
      </Section>
      <Section title="Credentials revoked" total={d.credentials.removed} shown={s.credentialsRemoved.length} open>
        <CredentialTable rows={s.credentialsRemoved} caption="Credentials revoked" />
      </Section>
      <Section title="Identities without an owner" total={d.owners.ownerless} shown={s.ownerless.length}>
        <IdentityTable rows={s.ownerless} caption="Identities without an owner" />
      </Section>
      <Section title="Owners new to Warden" total={d.owners.newOwners.length} shown={d.owners.newOwners.length}>
        <table className={styles.table}>
          <caption className="visually-hidden">New owners</caption>
          <thead><tr><th scope="col">Team</th><th scope="col">Person</th></tr></thead>
          <tbody>{d.owners.newOwners.map((o) => <tr key={`${o.team} ${o.email}`}><th scope="row">{o.team}</th><td>{o.name ?? ""} {o.email ?? <span className="subtle">no email</span>}</td></tr>)}</tbody>
        </table>
      </Section>
    </div>
  );
}
