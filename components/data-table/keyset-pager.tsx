// Newest / newer / older links for keyset-paged views: no page numbers and no total, because
// counting a large filtered set costs more than reading the page. Plain links, so paging works
// without JavaScript; a direction with nothing left is simply not offered.
import Link from "next/link";
import styles from "./data-table.module.css";

export type KeysetPagerProps = {
  /** Back to the first (newest) page; null on the first page. */
  firstHref: string | null;
  newerHref: string | null;
  olderHref: string | null;
  label?: string;
  words?: { first: string; newer: string; older: string; end: string };
};

const DEFAULT_WORDS = { first: "Newest", newer: "Newer", older: "Older", end: "No older rows." };

export function KeysetPager({ firstHref, newerHref, olderHref, label = "Pages", words = DEFAULT_WORDS }: KeysetPagerProps) {
  return (
    <nav className={styles.pager} aria-label={label}>
      {firstHref ? (
        <Link className="button button-secondary" href={firstHref}>
          <span aria-hidden="true">«</span> {words.first}
        </Link>
      ) : null}
      {newerHref && newerHref !== firstHref ? (
        <Link className="button button-secondary" href={newerHref}>
          <span aria-hidden="true">‹</span> {words.newer}
        </Link>
      ) : null}
      {olderHref ? (
        <Link className="button button-secondary" href={olderHref}>
          {words.older} <span aria-hidden="true">›</span>
        </Link>
      ) : (
        <span className={styles.pageOf}>{words.end}</span>
      )}
    </nav>
  );
}
