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
import { SampleTable, type Column } from "./sample-table";

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

type Samples = ImportOutcome["diff"]["samples"];
const IDENTITY: Column<IdentitySample>[] = [
  { header: "Name", cell: (r) => r.name },
  { header: "Kind", cell: (r) => KIND_LABELS[r.kind as keyof typeof KIND_LABELS] ?? r.kind },
  { header: "Actor", cell: (r) => (r.actorType === "human" ? "Human" : "NHI") },
  { header: "External ID", cell: (r) => r.externalId, mono: true },
];
const CHANGED: Column<Samples["changed"][number]>[] = [...IDENTITY.slice(0, 3), { header: "What changes", cell: (r) => r.fields.join(", ") }, IDENTITY[3]];
const GRANT: Column<Samples["grantsAdded"][number]>[] = [
  { header: "Scope", cell: (g) => g.scope, mono: true },
  { header: "Risk class", cell: (g) => <RiskClassBadge riskClass={g.riskClass} /> },
  { header: "Identity", cell: (g) => <>{g.name} <span className={styles.mono}>{g.identity}</span></> },
];
const CREDENTIAL: Column<Samples["credentialsAdded"][number]>[] = [
  { header: "Fingerprint", cell: (c) => c.fingerprint, mono: true },
  { header: "Type", cell: (c) => c.type.replace(/_/g, " ") },
  { header: "Status", cell: (c) => c.status },
  { header: "Identity", cell: (c) => c.identity, mono: true },
];
const MERGED: Column<Samples["merged"][number]>[] = [
  { header: "Seen in events as", cell: (m) => m.from, mono: true },
  { header: "Is", cell: (m) => m.into, mono: true },
];
const OWNER: Column<ImportOutcome["diff"]["owners"]["newOwners"][number]>[] = [
  { header: "Team", cell: (o) => o.team },
  { header: "Person", cell: (o) => <>{o.name ?? ""} {o.email ?? <span className="subtle">no email</span>}</> },
];
const byExternalId = (r: { externalId: string }) => r.externalId;
const grantKey = (g: { identity: string; scope: string }) => `${g.identity} ${g.scope}`;
const byFingerprint = (c: { fingerprint: string }) => c.fingerprint;

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

type SectionSpec = { title: string; total: number; shown: number; open?: boolean; risk?: Partial<Record<string, number>>; table: ReactNode };

/** The diff's sections in reading order: identities, grants (riskiest first), credentials, owners. */
function sections({ diff: d }: ImportOutcome): SectionSpec[] {
  const s = d.samples;
  const rows = <T,>(caption: string, data: T[], columns: Column<T>[], rowKey: (r: T) => string) => <SampleTable caption={caption} rows={data} columns={columns} rowKey={rowKey} />;
  return [
    { title: "Identities added", total: d.identities.added, shown: s.added.length, open: true, table: rows("Identities added", s.added, IDENTITY, byExternalId) },
    { title: "Identities changed", total: d.identities.changed, shown: s.changed.length, open: true, table: rows("Identities changed", s.changed, CHANGED, byExternalId) },
    { title: "Identities decommissioned (gone from the source)", total: d.identities.removed, shown: s.removed.length, open: true, table: rows("Identities decommissioned", s.removed, IDENTITY, byExternalId) },
    { title: "Discovered identities merged into imported ones", total: s.merged.length, shown: s.merged.length, table: rows("Merged identities", s.merged, MERGED, (m) => m.from) },
    { title: "Grants added", total: d.grants.added, shown: s.grantsAdded.length, risk: d.grants.addedByRisk, table: rows("Grants added, riskiest first", s.grantsAdded, GRANT, grantKey) },
    { title: "Grants revoked by this import", total: d.grants.removed, shown: s.grantsRemoved.length, open: true, risk: d.grants.removedByRisk, table: rows("Grants revoked, riskiest first", s.grantsRemoved, GRANT, grantKey) },
    { title: "Credentials added", total: d.credentials.added, shown: s.credentialsAdded.length, table: rows("Credentials added", s.credentialsAdded, CREDENTIAL, byFingerprint) },
    { title: "Credentials changed", total: d.credentials.changed, shown: s.credentialsChanged.length, table: rows("Credentials changed", s.credentialsChanged, CREDENTIAL, byFingerprint) },
    { title: "Credentials revoked", total: d.credentials.removed, shown: s.credentialsRemoved.length, open: true, table: rows("Credentials revoked", s.credentialsRemoved, CREDENTIAL, byFingerprint) },
    { title: "Identities without an owner", total: d.owners.ownerless, shown: s.ownerless.length, table: rows("Identities without an owner", s.ownerless, IDENTITY, byExternalId) },
    { title: "Owners new to Warden", total: d.owners.newOwners.length, shown: d.owners.newOwners.length, table: rows("New owners", d.owners.newOwners, OWNER, (o) => `${o.team} ${o.email}`) },
  ];
}

export function DiffView({ outcome }: { outcome: ImportOutcome }) {
  const d = outcome.diff;
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
      {sections(outcome).map((x) => (
        <Section key={x.title} title={x.title} total={x.total} shown={x.shown} open={x.open}>
          {x.risk ? <RiskLine byRisk={x.risk} /> : null}
          {x.table}
        </Section>
      ))}
    </div>
  );
}
