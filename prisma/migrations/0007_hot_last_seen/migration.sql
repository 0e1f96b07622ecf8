-- Ingest moves identities.last_seen_at and credentials.last_used_at forward with every batch.
-- Neither column is indexed, so the updates can be HOT (no index entries written) when the page
-- has room for the new row version; on full pages each one instead adds entries to every index
-- of the table, including the identities' trigram index. Leave room on each page.
ALTER TABLE identities SET (fillfactor = 75);
ALTER TABLE credentials SET (fillfactor = 75);
