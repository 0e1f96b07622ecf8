-- The ingest grant check probes (identity, scope) for every event: one index instead of two.
CREATE INDEX grants_identity_scope_idx ON grants (identity_id, scope_id);

-- Identity search matches any part of the name or external id ("payments" finds
-- "svc-payments-api"); a trigram index keeps that an index scan at 100k+ identities.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX identities_search_trgm_idx ON identities
  USING gin ((lower(name) || ' ' || lower(external_id)) gin_trgm_ops);
