-- Real inventories in (issue 17): imports of AWS IAM, Kubernetes RBAC and Warden's generic
-- CSV/JSON, with provenance on every record they create or change, aliases that bind events named
-- differently to the imported identity, links between identities (a Kubernetes service account
-- running as an AWS role), and ingest keys scoped to inventory import.

-- An identity that vanished from a full import of its source. Never deleted: its events, grants
-- and history stay; its live grants are revoked by that import. (Not used in this migration:
-- a new enum value cannot be used in the transaction that adds it.)
ALTER TYPE identity_status ADD VALUE IF NOT EXISTS 'decommissioned';

-- One row per applied import: what was read (each file's name, size and SHA-256), where it came
-- from (source, the documented command that produced it, when it was collected), what it covered
-- (the accounts / namespaces / providers a full import may mark as vanished), what it changed, and
-- who ran it. Dry runs write nothing, so they have no row.
CREATE TABLE inventory_imports (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  source       TEXT NOT NULL,
  mode         TEXT NOT NULL CHECK (mode IN ('full', 'merge')),
  files        JSONB NOT NULL,
  file_sha256  TEXT[] NOT NULL,
  collected_at TIMESTAMPTZ(6) NOT NULL,
  command      TEXT NOT NULL,
  coverage     JSONB NOT NULL DEFAULT '{}',
  counts       JSONB NOT NULL DEFAULT '{}',
  actor_type   TEXT NOT NULL,
  actor_id     TEXT,
  actor_label  TEXT NOT NULL,
  created_at   TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX inventory_imports_created_at_idx ON inventory_imports (created_at);
-- "Which import read this file?" is answered by its SHA-256.
CREATE INDEX inventory_imports_file_sha256_idx ON inventory_imports USING gin (file_sha256);

-- Provenance: the import that created a record and the one that last changed it. import_scope is
-- the part of the source the identity belongs to (aws:<account>, kubernetes:<cluster>/<namespace>,
-- generic:<provider>): a full import only marks vanished what lies inside the scopes it covered.
ALTER TABLE identities
  ADD COLUMN import_id UUID REFERENCES inventory_imports(id),
  ADD COLUMN created_import_id UUID REFERENCES inventory_imports(id),
  ADD COLUMN import_scope TEXT;
CREATE INDEX identities_import_scope_idx ON identities (import_scope) WHERE import_scope IS NOT NULL;
CREATE INDEX identities_import_id_idx ON identities (import_id) WHERE import_id IS NOT NULL;

ALTER TABLE credentials ADD COLUMN import_id UUID REFERENCES inventory_imports(id);

-- A grant an import created carries that import and why the source grants it: the policy,
-- statement and resource pattern (AWS), or the binding, role and namespace (Kubernetes).
ALTER TABLE grants
  ADD COLUMN import_id UUID REFERENCES inventory_imports(id),
  ADD COLUMN provenance JSONB;

-- Other names events use for an identity: an AWS role's unique id (AROA…) and path-less ARN, a
-- user's AIDA… id, the external ids of discovered identities merged into it. Ingest looks these
-- up only for references that match no external id, so the hot path does not pay for them.
CREATE TABLE identity_aliases (
  alias       TEXT PRIMARY KEY,
  identity_id UUID NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  import_id   UUID REFERENCES inventory_imports(id),
  created_at  TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX identity_aliases_identity_id_idx ON identity_aliases (identity_id);

-- An identity that acts as another: a Kubernetes service account annotated with an AWS role
-- (eks.amazonaws.com/role-arn), a GCP service account (iam.gke.io/gcp-service-account) or an
-- Azure workload identity client id. The target is a reference (external id or alias), resolved
-- when read, so the link holds whichever of the two is imported first.
CREATE TABLE identity_links (
  identity_id UUID NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
  target_ref  TEXT NOT NULL,
  relation    TEXT NOT NULL,
  import_id   UUID REFERENCES inventory_imports(id),
  PRIMARY KEY (identity_id, target_ref, relation)
);
CREATE INDEX identity_links_target_ref_idx ON identity_links (target_ref);

-- What a key may do: send events (the default, as before) and/or import inventory.
ALTER TABLE ingest_keys ADD COLUMN scopes TEXT[] NOT NULL DEFAULT '{events}'
  CHECK (scopes <@ ARRAY['events', 'inventory']::text[] AND cardinality(scopes) > 0);

-- audit_events stays append-only, with one exception: merging a discovered identity into the
-- imported one it turned out to be moves its events (identity_id only), inside the import's
-- transaction and only there (SET LOCAL warden.identity_merge = 'on'). Every other column,
-- including identity_ref (the name the event arrived with) and the owner stamped at ingest, stays.
CREATE FUNCTION warden_audit_events_guard() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('warden.identity_merge', true) = 'on'
     AND (to_jsonb(NEW) - 'identity_id') = (to_jsonb(OLD) - 'identity_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER audit_events_append_only ON audit_events;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION warden_audit_events_guard();
