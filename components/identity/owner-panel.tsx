// Who answers for this identity, and (for admins only) the control to hand it to another owner.
import { NoOwnerBadge } from "@/components/inventory/identity-badges";
import type { OwnerChoice } from "@/lib/identities/detail";
import type { IdentityOwner } from "@/lib/inventory/list-identities";
import { ReassignOwnerForm, type ReassignAction } from "./reassign-owner-form";
import styles from "./identity.module.css";

type Props = {
  identityId: string;
  owner: IdentityOwner | null;
  /** Present only when the viewer may reassign (inventory:write). */
  reassign: { choices: OwnerChoice[]; action: ReassignAction } | null;
};

export function OwnerPanel({ identityId, owner, reassign }: Props) {
  return (
    <section className={`panel ${styles.owner}`} aria-labelledby="owner-heading">
      <h2 id="owner-heading">Owner</h2>
      {owner ? (
        <div>
          <p className={styles.ownerTeam}>{owner.team}</p>
          <p className={styles.ownerPerson}>
            Accountable: {owner.personName} · <a href={`mailto:${owner.personEmail}`}>{owner.personEmail}</a>
          </p>
        </div>
      ) : (
        <div>
          <NoOwnerBadge />
          <p className={styles.ownerPerson}>Nobody is accountable for this identity. Assign an owner before its next review.</p>
        </div>
      )}
      {reassign ? (
        <ReassignOwnerForm identityId={identityId} currentOwnerId={owner?.id ?? null} choices={reassign.choices} action={reassign.action} />
      ) : null}
    </section>
  );
}
