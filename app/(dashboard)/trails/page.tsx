// Event explorer: every audit event under the URL's filters, newest first, keyset-paged, with the
// columns the user chose. Every query is bounded by a time window (default: the last 24 hours).
// Downloads export exactly this filtered set, with the window fixed at the instant of this render.
import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/data-table/data-table.module.css";
import { KeysetPager } from "@/components/data-table/keyset-pager";
import { guardedPage } from "@/components/shell/guarded-page";
import { EventFilterBar } from "@/components/trails/event-filters";
import { EventsTable } from "@/components/trails/events-table";
import { fmt, utc } from "@/components/trails/format";
import { PageSizeSelect } from "@/components/trails/page-size";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/panels";
import { hasAnyEvents } from "@/lib/analytics/overview";
import type { UserActor } from "@/lib/auth/session";
import { listEvents, ownerTeams } from "@/lib/events/explorer";
import {
  DEFAULT_RANGE,
  eventSearchParams,
  eventsHref,
  hasActiveEventFilters,
  parseEventFilters,
  RANGE_LABELS,
  visibleColumns,
  type EventFilters,
} from "@/lib/events/filters";
import { identityPageHref } from "@/lib/identities/params";

export const metadata: Metadata = { title: "Trails" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const LEAD = "Every audit event from every producer, newest first.";

export default async function TrailsPage({ searchParams }: Props) {
  const filters = parseEventFilters(await searchParams);
  return guardedPage({ permission: "events:read", area: "Trails" }, (user) => explorer(user, filters));
}

// Called (not rendered as a component) so that guardedPage maps the errors of its reads.
async function explorer(user: UserActor, filters: EventFilters) {
  const now = new Date();
  const ctx = { actor: user };
  const [page, teams] = await Promise.all([listEvents(ctx, { filters, now }), ownerTeams(ctx)]);
  const { window } = page;
  const filtered = hasActiveEventFilters(filters);
  // What stays when filters or pages change: the window, columns and page size.
  const keep: Partial<EventFilters> = { range: filters.range, from: filters.from, to: filters.to, cols: filters.cols, pageSize: filters.pageSize };
  const clearHref = filtered ? eventsHref(keep) : null;
  const base: Partial<EventFilters> = { ...filters, before: undefined, after: undefined };
  const exportQs = eventSearchParams({ ...base, range: undefined, from: window.from, to: window.to, cols: undefined, pageSize: undefined });
  const windowText = window.preset ? RANGE_LABELS[window.preset].toLowerCase() : `${utc(window.from.toISOString(), false)} → ${utc(window.to.toISOString(), false)}`;
  const onCursorPage = Boolean(filters.before || filters.after);
  const empty = page.rows.length === 0;
  const noEventsAtAll = empty && !filtered && !onCursorPage && !(await hasAnyEvents(ctx));
  const olderHref = page.older ? eventsHref({ ...base, before: page.older }) : null;
  const newerHref = page.newer ? eventsHref({ ...base, after: page.newer }) : null;
  // Where this page's search started: the cursor it came from, or the top of the window.
  const top = filters.before?.at ?? window.to.toISOString();
  const bottom = filters.after?.at ?? window.from.toISOString();

  return (
    <>
      <PageHeader
        title="Trails"
        lead={LEAD}
        actions={
          empty && !page.searchedTo && !page.searchedFrom ? null : (
            <>
              <a className="button button-secondary" href={`/trails/export/csv?${exportQs}`} download>
                Download CSV<span className="visually-hidden"> of every event matching these filters</span>
              </a>
              <a className="button button-secondary" href={`/trails/export/ndjson?${exportQs}`} download>
                Download NDJSON<span className="visually-hidden"> of every event matching these filters</span>
              </a>
            </>
          )
        }
      />
      <EventFilterBar
        key={eventSearchParams({ ...base, cols: undefined }).toString()}
        filters={filters}
        teams={teams}
        clearHref={clearHref}
        window={{ from: window.from.toISOString(), to: window.to.toISOString() }}
      />
      {page.identities && page.identities.length > 0 ? (
        <p className="muted" role="note" style={{ marginBottom: "0.5rem" }}>
          {page.identities.length === 1 ? "Events of " : `“${filters.identity}” names ${page.identities.length} identities: `}
          {page.identities.slice(0, 5).map((i, n) => (
            <span key={i.id}>
              {n > 0 ? ", " : null}
              <Link href={identityPageHref(i.id)}>{i.name}</Link> <span className="subtle">({i.externalId})</span>
            </span>
          ))}
          {page.identities.length > 5 ? ` and ${page.identities.length - 5} more` : null}
        </p>
      ) : null}
      {empty ? (
        <div className="panel">
          {noEventsAtAll ? (
            <EmptyState title="No events yet">
              <p>
                Send events to <code>POST /api/v1/events</code> with an ingest key, use <code>npm run ingest</code> for a file,
                or run <code>npm run seed</code> for a demo estate.
              </p>
            </EmptyState>
          ) : page.identities && page.identities.length === 0 ? (
            <EmptyState title={`No identity is named or has the external ID “${filters.identity}”`}>
              <p>
                Check the spelling, or find it in the <Link href="/identities">Identities inventory</Link> and open the
                explorer from its page.
              </p>
            </EmptyState>
          ) : page.searchedTo ? (
            <EmptyState title={`No matches between ${utc(page.searchedTo)} and ${utc(top)} yet`}>
              <p>
                These filters match rarely, so each page searches a slice of the {windowText} at a time.{" "}
                {olderHref ? <Link href={olderHref}>Keep searching older events</Link> : null}
              </p>
            </EmptyState>
          ) : page.searchedFrom ? (
            <EmptyState title={`No matches between ${utc(bottom)} and ${utc(page.searchedFrom)} yet`}>
              <p>{newerHref ? <Link href={newerHref}>Keep searching newer events</Link> : null}</p>
            </EmptyState>
          ) : onCursorPage ? (
            <EmptyState title="No more events in this direction">
              <p>
                <Link href={eventsHref({ ...base })}>Back to the newest events</Link>
              </p>
            </EmptyState>
          ) : (
            <EmptyState title={filtered ? `No events match these filters in the ${windowText}` : `No events in the ${windowText}`}>
              <p>
                {window.preset !== "30d" ? (
                  <>
                    Widen the time range (<Link href={eventsHref({ ...base, from: undefined, to: undefined, range: "30d" })}>last 30 days</Link>)
                    {clearHref ? " or " : "."}
                  </>
                ) : null}
                {clearHref ? <Link href={clearHref}>clear the filters</Link> : null}
                {clearHref ? "." : null}
              </p>
            </EmptyState>
          )}
        </div>
      ) : (
        <>
          {page.searchedTo || page.searchedFrom ? (
            <p className="muted" role="status" style={{ marginBottom: "0.5rem" }}>
              {page.searchedTo
                ? `Searched back to ${utc(page.searchedTo)}: every match from there up to this page's newest is shown. These filters match rarely, so the rest of the ${windowText} is searched page by page.`
                : `Searched forward to ${utc(page.searchedFrom as string)}: every match up to there is shown.`}
            </p>
          ) : null}
          <EventsTable
            rows={page.rows}
            visible={visibleColumns(filters)}
            caption={`${fmt(page.rows.length)} events${page.older || onCursorPage ? " on this page" : ""}, newest first · ${windowText}${window.preset === DEFAULT_RANGE && !filters.range ? " (default)" : ""}`}
          />
          <div className={styles.footer} style={{ border: "1px solid var(--border)", borderTop: 0 }}>
            <PageSizeSelect pageSize={filters.pageSize} />
            <KeysetPager
              label="Event pages"
              firstHref={onCursorPage ? eventsHref(base) : null}
              newerHref={newerHref}
              olderHref={olderHref}
              words={{
                first: "Newest",
                newer: page.searchedFrom ? "Search newer" : "Newer",
                older: page.searchedTo ? "Search older" : "Older",
                end: "No older events in this window.",
              }}
            />
          </div>
        </>
      )}
    </>
  );
}
