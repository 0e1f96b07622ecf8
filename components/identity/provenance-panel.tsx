// Where this identity's record comes from: the inventory import that created it and the one that
// last changed it (source, files and their SHA-256, collection time, the command that produced the
// files, who imported them), the other names events use for it, and the identities it acts as.
import Link from "next/link";
import type { IdentityProvenance, ImportRef } from "@/lib/identities/provenance";
import styles from "./identity.module.css";

const utc = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function ImportLine({ label, r }: { label: string; r: ImportRef }) {
  return (
    <div className={`${styles.fact} ${styles.factWide}`}>
      <dt>{label}</dt>
      <dd>
        {r.source} import ({r.mode}) applied {utc(r.createdAt)} by {r.actorLabel}, collected {utc(r.collectedAt)}
        {r.files.map((f) => (
          <span key={f.sha256 + f.name} className={styles.sub}>
            {f.name} · SHA-256 <span className={styles.mono}>{f.sha256}</span>
          </span>
        ))}
        <span className={styles.sub}>
          <code className={styles.mono}>{r.command.split("\n")[0]}</code>
        </span>
      </dd>
    </div>
  );
}

export function ProvenancePanel({ p, discoveredBy }: { p: IdentityProvenance; discoveredBy?: string }) {
  const nothing = !p.created && !p.changed && !p.aliases.length && !p.links.length;
  return (
    <section className="panel section" aria-labelledby="provenance-heading">
      <div className="panel-header">
        <h2 id="provenance-heading">Provenance</h2>
      </div>
      {nothing ? (
        <p className="panel-body subtle">
          {discoveredBy ? `Discovered in events (${discoveredBy}); no inventory import lists it.` : "Not from an inventory import: created in Warden or by the demo estate."}
        </p>
      ) : (
        <dl className={styles.facts}>
          {p.created ? <ImportLine label="Created by" r={p.created} /> : null}
          {p.changed && p.changed.id !== p.created?.id ? <ImportLine label="Last changed by" r={p.changed} /> : null}
          {p.links.length ? (
            <div className={`${styles.fact} ${styles.factWide}`}>
              <dt>Linked identities</dt>
              <dd>
                {p.links.map((l) => (
                  <span key={`${l.direction} ${l.targetRef}`} className={styles.sub}>
                    {l.direction === "acts as" ? l.relation : `used by (${l.relation})`}{" "}
                    {l.identityId ? <Link href={`/identities/${l.identityId}`}>{l.name}</Link> : null}{" "}
                    <span className={styles.mono}>{l.targetRef}</span>
                    {l.identityId ? null : <span className="subtle"> · not in the inventory yet</span>}
                  </span>
                ))}
              </dd>
            </div>
          ) : null}
          {p.aliases.length ? (
            <div className={`${styles.fact} ${styles.factWide}`}>
              <dt>Also known as (events naming these bind here)</dt>
              <dd>
                {p.aliases.map((a) => (
                  <span key={a.alias} className={styles.sub}>
                    <span className={styles.mono}>{a.alias}</span> · {a.kind}
                  </span>
                ))}
              </dd>
            </div>
          ) : null}
        </dl>
      )}
    </section>
  );
}
