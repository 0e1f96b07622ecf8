-- The ingest grant check probes (identity, scope) for every event: one index instead of two.
CREATE INDEX grants_identity_scope_idx ON grants (identity_id, scope_id);
