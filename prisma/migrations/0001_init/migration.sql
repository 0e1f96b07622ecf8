-- Warden initial schema. Hand-written (Prisma's migrate engine cannot run offline here); mirrors
-- prisma/schema.prisma, which a test compares against the database this file builds.

CREATE TYPE user_role AS ENUM ('admin', 'reviewer', 'viewer', 'auditor');
CREATE TYPE identity_kind AS ENUM ('service_account', 'api_key', 'oauth_app', 'workload_identity', 'ci_token', 'bot', 'ai_agent', 'user');
CREATE TYPE actor_type AS ENUM ('nhi', 'human');
CREATE TYPE identity_status AS ENUM ('active', 'disabled', 'revoked', 'discovered');
CREATE TYPE credential_type AS ENUM ('access_key', 'api_key', 'oauth_client_secret', 'token', 'certificate', 'ssh_key', 'password');
CREATE TYPE credential_status AS ENUM ('active', 'expired', 'revoked');
CREATE TYPE risk_class AS ENUM ('read', 'write', 'admin', 'export', 'cross_tenant', 'secret_read', 'permission_change');
CREATE TYPE decision AS ENUM ('allow', 'deny', 'error');
CREATE TYPE auth_result AS ENUM ('success', 'failure');
CREATE TYPE severity AS ENUM ('low', 'medium', 'high', 'critical');
CREATE TYPE finding_status AS ENUM ('open', 'acknowledged', 'resolved', 'suppressed');
CREATE TYPE campaign_status AS ENUM ('draft', 'active', 'closed');
CREATE TYPE non_response_policy AS ENUM ('revoke', 'keep', 'escalate');
CREATE TYPE review_decision AS ENUM ('pending', 'approve', 'revoke', 'defer');
CREATE TYPE export_status AS ENUM ('pending', 'running', 'done', 'failed');

CREATE TABLE users (
  id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT,
  role          user_role NOT NULL,
  created_at    TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  disabled_at   TIMESTAMPTZ(6),
  last_login_at TIMESTAMPTZ(6)
);

CREATE TABLE owners (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  team         TEXT NOT NULL,
  person_name  TEXT NOT NULL,
  person_email TEXT NOT NULL,
  created_at   TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (team, person_email)
);

CREATE TABLE identities (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id  TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  kind         identity_kind NOT NULL,
  actor_type   actor_type NOT NULL,
  provider     TEXT NOT NULL,
  environment  TEXT NOT NULL,
  status       identity_status NOT NULL,
  purpose      TEXT,
  owner_id     UUID REFERENCES owners(id) ON DELETE SET NULL,
  risk_score   INTEGER NOT NULL DEFAULT 0,
  created_at   TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen_at TIMESTAMPTZ(6),
  attributes   JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX identities_kind_idx ON identities (kind);
CREATE INDEX identities_owner_id_idx ON identities (owner_id);
CREATE INDEX identities_status_idx ON identities (status);
CREATE INDEX identities_environment_idx ON identities (environment);
CREATE INDEX identities_risk_score_idx ON identities (risk_score);
CREATE INDEX identities_name_lower_idx ON identities (lower(name) text_pattern_ops);

CREATE TABLE credentials (
  id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  identity_id     UUID NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
  type            credential_type NOT NULL,
  fingerprint     TEXT NOT NULL UNIQUE,
  issued_at       TIMESTAMPTZ(6) NOT NULL,
  expires_at      TIMESTAMPTZ(6),
  last_rotated_at TIMESTAMPTZ(6),
  last_used_at    TIMESTAMPTZ(6),
  status          credential_status NOT NULL
);
CREATE INDEX credentials_identity_id_idx ON credentials (identity_id);

CREATE TABLE scopes (
  id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name        TEXT NOT NULL UNIQUE,
  resource    TEXT NOT NULL,
  risk_class  risk_class NOT NULL,
  provider    TEXT NOT NULL,
  description TEXT
);

CREATE TABLE grants (
  id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  identity_id   UUID NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
  scope_id      UUID NOT NULL REFERENCES scopes(id) ON DELETE CASCADE,
  granted_by    TEXT NOT NULL,
  granted_at    TIMESTAMPTZ(6) NOT NULL,
  justification TEXT,
  expires_at    TIMESTAMPTZ(6),
  revoked_by    TEXT,
  revoked_at    TIMESTAMPTZ(6),
  revoke_reason TEXT
);
CREATE INDEX grants_identity_id_idx ON grants (identity_id);
CREATE INDEX grants_scope_id_idx ON grants (scope_id);
-- One live grant per identity and scope; revoked grants stay as history.
CREATE UNIQUE INDEX grants_live_identity_scope_key ON grants (identity_id, scope_id) WHERE revoked_at IS NULL;

-- Audit events: append-only, daily range partitions created on demand by
-- warden_ensure_event_partitions(); retention drops whole partitions.
CREATE TABLE audit_events (
  id              BIGSERIAL,
  source          TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  occurred_at     TIMESTAMPTZ(6) NOT NULL,
  received_at     TIMESTAMPTZ(6) NOT NULL,
  identity_id     UUID NOT NULL,
  identity_ref    TEXT NOT NULL,
  actor_type      actor_type NOT NULL,
  credential_ref  TEXT,
  action          TEXT NOT NULL,
  resource        TEXT,
  scope           TEXT,
  decision        decision NOT NULL,
  auth_result     auth_result,
  reason          TEXT,
  policy_id       TEXT,
  source_ip       TEXT,
  user_agent      TEXT,
  origin          TEXT,
  method          TEXT,
  path            TEXT,
  status          INTEGER,
  session_id      TEXT,
  trace_id        TEXT,
  parent_event_id TEXT,
  context         JSONB,
  owner_id        UUID,
  environment     TEXT,
  granted         BOOLEAN,
  risk_class      risk_class,
  PRIMARY KEY (occurred_at, id),
  UNIQUE (occurred_at, source, event_id)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX audit_events_occurred_at_brin ON audit_events USING brin (occurred_at);
CREATE INDEX audit_events_identity_time_idx ON audit_events (identity_id, occurred_at);

CREATE FUNCTION warden_ensure_event_partitions(from_ts TIMESTAMPTZ, to_ts TIMESTAMPTZ) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  d DATE := (from_ts AT TIME ZONE 'UTC')::date;
  last_day DATE := (to_ts AT TIME ZONE 'UTC')::date;
  part TEXT;
  created INTEGER := 0;
BEGIN
  WHILE d <= last_day LOOP
    part := 'audit_events_p' || to_char(d, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      BEGIN
        EXECUTE format(
          'CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
          part, (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC'));
        created := created + 1;
      EXCEPTION WHEN duplicate_table THEN
        NULL; -- a concurrent ingest created it first
      END;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN created;
END $$;

CREATE FUNCTION warden_refuse_update() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION warden_refuse_update();

CREATE TABLE event_rollups_hourly (
  hour        TIMESTAMPTZ(6) NOT NULL,
  identity_id UUID NOT NULL,
  scope       TEXT NOT NULL,
  decision    decision NOT NULL,
  granted     BOOLEAN NOT NULL,
  count       BIGINT NOT NULL,
  first_at    TIMESTAMPTZ(6) NOT NULL,
  last_at     TIMESTAMPTZ(6) NOT NULL,
  PRIMARY KEY (hour, identity_id, scope, decision, granted)
);
CREATE INDEX event_rollups_hourly_identity_id_hour_idx ON event_rollups_hourly (identity_id, hour);

CREATE TABLE findings (
  id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  dedup_key     TEXT NOT NULL UNIQUE,
  detector      TEXT NOT NULL,
  severity      severity NOT NULL,
  status        finding_status NOT NULL DEFAULT 'open',
  identity_id   UUID REFERENCES identities(id) ON DELETE CASCADE,
  credential_id UUID,
  title         TEXT NOT NULL,
  detail        JSONB NOT NULL DEFAULT '{}',
  first_seen_at TIMESTAMPTZ(6) NOT NULL,
  last_seen_at  TIMESTAMPTZ(6) NOT NULL
);
CREATE INDEX findings_detector_status_idx ON findings (detector, status);
CREATE INDEX findings_identity_id_idx ON findings (identity_id);

CREATE TABLE review_campaigns (
  id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name                TEXT NOT NULL,
  status              campaign_status NOT NULL,
  non_response_policy non_response_policy NOT NULL,
  created_by          UUID NOT NULL,
  created_at          TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  due_at              TIMESTAMPTZ(6) NOT NULL,
  closed_at           TIMESTAMPTZ(6)
);

CREATE TABLE review_items (
  id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id UUID NOT NULL REFERENCES review_campaigns(id) ON DELETE CASCADE,
  grant_id    UUID NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
  reviewer_id UUID,
  decision    review_decision NOT NULL DEFAULT 'pending',
  rationale   TEXT,
  decided_by  UUID,
  decided_at  TIMESTAMPTZ(6),
  evidence    JSONB NOT NULL DEFAULT '{}',
  UNIQUE (campaign_id, grant_id)
);

CREATE TABLE evidence_exports (
  id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by  UUID NOT NULL,
  created_at  TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  period_from TIMESTAMPTZ(6) NOT NULL,
  period_to   TIMESTAMPTZ(6) NOT NULL,
  status      export_status NOT NULL,
  sha256      TEXT,
  size_bytes  BIGINT,
  manifest    JSONB
);

CREATE TABLE ingest_keys (
  id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name            TEXT NOT NULL UNIQUE,
  key_hash        TEXT NOT NULL UNIQUE,
  key_prefix      TEXT NOT NULL,
  allowed_sources TEXT[] NOT NULL DEFAULT '{}',
  created_by      TEXT NOT NULL,
  created_at      TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_used_at    TIMESTAMPTZ(6),
  revoked_at      TIMESTAMPTZ(6)
);

-- Warden's own audit log, hash-chained. The hash is computed in the database so that no code
-- path can write a row outside the chain; an advisory lock orders concurrent writers, and seq is
-- taken under that lock so that seq order is chain order.
CREATE TABLE warden_audit_log (
  seq         BIGSERIAL PRIMARY KEY,
  at          TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  actor_type  TEXT NOT NULL,
  actor_id    TEXT,
  actor_label TEXT NOT NULL,
  action      TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id   TEXT,
  detail      JSONB NOT NULL DEFAULT '{}',
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX warden_audit_log_action_idx ON warden_audit_log (action);

CREATE FUNCTION warden_audit_row_hash(
  prev_hash TEXT, seq BIGINT, at TIMESTAMPTZ, actor_type TEXT, actor_id TEXT, actor_label TEXT,
  action TEXT, target_type TEXT, target_id TEXT, detail JSONB
) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
    prev_hash, seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor_type, coalesce(actor_id, ''), actor_label, action, target_type, coalesce(target_id, ''),
    detail::text), 'UTF8')), 'hex')
$$;

CREATE FUNCTION warden_audit_log_chain() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  prev TEXT;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('warden_audit_log'));
  SELECT hash INTO prev FROM warden_audit_log ORDER BY seq DESC LIMIT 1;
  NEW.seq := nextval(pg_get_serial_sequence('warden_audit_log', 'seq'));
  NEW.prev_hash := coalesce(prev, repeat('0', 64));
  NEW.hash := warden_audit_row_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor_type, NEW.actor_id,
    NEW.actor_label, NEW.action, NEW.target_type, NEW.target_id, NEW.detail);
  RETURN NEW;
END $$;
CREATE TRIGGER warden_audit_log_chain BEFORE INSERT ON warden_audit_log
  FOR EACH ROW EXECUTE FUNCTION warden_audit_log_chain();
CREATE TRIGGER warden_audit_log_append_only BEFORE UPDATE OR DELETE ON warden_audit_log
  FOR EACH ROW EXECUTE FUNCTION warden_refuse_update();
CREATE TRIGGER warden_audit_log_no_truncate BEFORE TRUNCATE ON warden_audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION warden_refuse_update();
