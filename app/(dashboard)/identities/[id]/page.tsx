// One identity: profile and owner (reassignable by admins), credentials, grants with usage,
// scopes used without a grant, source IPs / user agents and the trail. The profile renders
// first; the event-backed sections stream in behind Suspense. View state lives in the URL.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { CredentialsTable } from "@/components/identity/credentials-table";
import { GrantsUsage } from "@/components/identity/grants-usage";
import { OwnerPanel } from "@/components/identity/owner-panel";
import { ProfilePanel } from "@/components/identity/profile-panel";
import { ProvenancePanel } from "@/components/identity/provenance-panel";
import { SectionSkeleton } from "@/components/identity/section-skeleton";
import { SourcesPanel } from "@/components/identity/sources-panel";
import { IdentityFindings } from "@/components/findings/identity-findings";
import { TrailTimeline } from "@/components/identity/trail-timeline";
import styles from "@/components/identity/identity.module.css";
import { ActorBadge, StatusBadge } from "@/components/inventory/identity-badges";
import { KIND_LABELS } from "@/components/inventory/labels";
import { guardedPage } from "@/components/shell/guarded-page";
import { PageHeader } from "@/components/ui/page-header";
import { ReferenceTimeProvider } from "@/components/ui/relative-time";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { isWardenError } from "@/lib/core/errors";
import { eventsHref } from "@/lib/events/filters";
import { getIdentityProfile, listIdentityCredentials, listOwnerChoices } from "@/lib/identities/detail";
import { parseIdentityPageParams } from "@/lib/identities/params";
import { identityProvenance } from "@/lib/identities/provenance";
import { identitySources } from "@/lib/identities/sources";
import { reassignOwnerAction } from "./actions";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await requireUser();
  const { id } = await params;
  const identity = await getIdentityProfile({ actor: user }, { id }).catch((e: unknown) => {
    if (isWardenError(e)) return null; // the page itself shows the 404 or 403
    throw e;
  });
  return { title: identity ? `${identity.name} · Identity` : "Identity not found" };
}

export default async function IdentityPage({ params, searchParams }: Props) {
  const { id } = await params;
  const view = parseIdentityPageParams(await searchParams);
  // A missing identity is `not_found` from getIdentityProfile: guardedPage shows not-found.tsx.
  return guardedPage({ permission: "inventory:read", area: "Identities" }, async (user) => {
    const now = new Date();
    const ctx = { actor: user };
    const [identity, credentials, choices] = await Promise.all([
      getIdentityProfile(ctx, { id }),
      listIdentityCredentials(ctx, { identityId: id, now }),
      can(user, "inventory:write") ? listOwnerChoices(ctx) : Promise.resolve(null),
    ]);
    const provenance = await identityProvenance(ctx, { identityId: identity.id });
    // One read of the identity's recent sources serves both the sources panel and the trail's "new" marks.
    const sources = identitySources(ctx, { identityId: identity.id, now });
    sources.catch(() => {}); // awaited (and reported) by the sections; never an unhandled rejection

    return (
      <ReferenceTimeProvider now={now.toISOString()}>
        <nav aria-label="Breadcrumb" className={styles.crumbs}>
          <ol>
            <li>
              <Link href="/identities">Identities</Link>
            </li>
            <li aria-current="page">{identity.name}</li>
          </ol>
        </nav>
        <PageHeader
          title={identity.name}
          lead={
            <>
              {KIND_LABELS[identity.kind]} <ActorBadge actorType={identity.actorType} /> <StatusBadge status={identity.status} />{" "}
              · <span className={styles.externalId}>{identity.externalId}</span>
            </>
          }
          actions={
            <Link className="button button-secondary" href={eventsHref({ identity: identity.externalId, range: "7d" })}>
              Open in event explorer
            </Link>
          }
        />
        <div className={styles.top}>
          <ProfilePanel identity={identity} />
          <OwnerPanel
            identityId={identity.id}
            owner={identity.owner}
            reassign={choices ? { choices, action: reassignOwnerAction } : null}
          />
        </div>
        <ProvenancePanel p={provenance} discoveredBy={typeof identity.attributes.discoveredBy === "string" ? identity.attributes.discoveredBy : undefined} />
        <Suspense fallback={<SectionSkeleton title="Open findings" rows={3} />}>
          <IdentityFindings actor={user} identityId={identity.id} />
        </Suspense>
        <CredentialsTable credentials={credentials} />
        <Suspense fallback={<SectionSkeleton title="Grants and usage" rows={6} />}>
          <GrantsUsage actor={user} identityId={identity.id} params={view} now={now} />
        </Suspense>
        <Suspense fallback={<SectionSkeleton title="Source IPs and user agents" />}>
          <SourcesPanel sources={sources} />
        </Suspense>
        <Suspense fallback={<SectionSkeleton title="Trail" rows={8} />}>
          <TrailTimeline actor={user} identity={identity} params={view} now={now} sources={sources} />
        </Suspense>
      </ReferenceTimeProvider>
    );
  });
}
