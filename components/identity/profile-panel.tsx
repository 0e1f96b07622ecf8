// Who this identity is: kind, human or not, status, where it runs, risk, lifetime and purpose.
import { ActorBadge, RiskBadge, StatusBadge } from "@/components/inventory/identity-badges";
import { ACTOR_LONG_LABELS, KIND_LABELS } from "@/components/inventory/labels";
import { RelativeTime } from "@/components/ui/relative-time";
import type { IdentityProfile } from "@/lib/identities/detail";
import type { ReactNode } from "react";
import styles from "./identity.module.css";

function Fact({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`${styles.fact} ${wide ? styles.factWide : ""}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ProfilePanel({ identity }: { identity: IdentityProfile }) {
  // Producer-supplied labels (team, component, cluster, repo, workflow…): scalars only.
  const attributes = Object.entries(identity.attributes).filter(
    (e): e is [string, string | number | boolean] => ["string", "number", "boolean"].includes(typeof e[1]),
  );
  return (
    <section className="panel" aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="visually-hidden">
        Profile
      </h2>
      <dl className={styles.facts}>
        <Fact label="Kind">{KIND_LABELS[identity.kind]}</Fact>
        <Fact label="Actor type">
          <ActorBadge actorType={identity.actorType} /> {ACTOR_LONG_LABELS[identity.actorType]}
          {identity.actorType === "nhi" ? " identity" : " (a person)"}
        </Fact>
        <Fact label="Status">
          <StatusBadge status={identity.status} />
        </Fact>
        <Fact label="Environment">{identity.environment}</Fact>
        <Fact label="Provider">{identity.provider}</Fact>
        <Fact label="Risk">
          <RiskBadge score={identity.riskScore} band={identity.riskBand} />
        </Fact>
        <Fact label="Created">
          <RelativeTime iso={identity.createdAt} />
        </Fact>
        <Fact label="Last seen">
          <RelativeTime iso={identity.lastSeenAt} fallback="Never seen in events" />
        </Fact>
        <Fact label="External ID">
          <span className={styles.externalId}>{identity.externalId}</span>
        </Fact>
        <Fact label="Purpose" wide>
          {identity.purpose ?? <span className="subtle">No purpose recorded: ask the owner what this identity is for.</span>}
        </Fact>
        {attributes.length > 0 ? (
          <Fact label="Attributes" wide>
            <span className={styles.attributes}>
              {attributes.map(([k, v]) => (
                <code key={k}>
                  {k}: {String(v)}
                </code>
              ))}
            </span>
          </Fact>
        ) : null}
      </dl>
    </section>
  );
}
