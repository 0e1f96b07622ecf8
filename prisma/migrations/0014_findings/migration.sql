-- Detections and findings (issue 16). A finding is one row per (detector, identity, subject):
-- dedup_key is that triple, so a recurrence updates the row (occurrences, last seen) and a
-- resolved finding that recurs is reopened instead of duplicated (lib/detections/fold.ts).

ALTER TABLE findings
  ADD COLUMN subject          TEXT NOT NULL DEFAULT '',
  ADD COLUMN occurrences      BIGINT NOT NULL DEFAULT 1,
  ADD COLUMN grant_id         UUID,
  -- Evidence: the first and last event that raised it ("source/eventId" and its time).
  ADD COLUMN first_event_ref  TEXT,
  ADD COLUMN first_event_at   TIMESTAMPTZ(6),
  ADD COLUMN last_event_ref   TEXT,
  ADD COLUMN last_event_at    TIMESTAMPTZ(6),
  -- Lifecycle: who answers for it, why it is in its state, until when a suppression holds.
  ADD COLUMN assignee_email   TEXT,
  ADD COLUMN assignee_name    TEXT,
  ADD COLUMN status_reason    TEXT,
  ADD COLUMN suppressed_until TIMESTAMPTZ(6),
  ADD COLUMN status_changed_at TIMESTAMPTZ(6),
  ADD COLUMN status_changed_by TEXT,
  ADD COLUMN reopened_count   INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN updated_at       TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  -- Bumped by every change: GET /api/v1/findings?after=<seq> hands a SIEM what changed since.
  ADD COLUMN change_seq       BIGINT NOT NULL DEFAULT 0;

CREATE SEQUENCE findings_change_seq;
ALTER TABLE findings ALTER COLUMN change_seq SET DEFAULT nextval('findings_change_seq');
UPDATE findings SET change_seq = nextval('findings_change_seq');

CREATE UNIQUE INDEX findings_change_seq_key ON findings (change_seq);
-- The queue filters by status and severity. last_seen_at, occurrences and updated_at are in no
-- index, and pages keep room: a recurrence (the fold's most frequent write) is then a HOT update
-- that touches no index. The queue sorts its (at most 100k-row) filtered set in memory instead.
CREATE INDEX findings_status_severity_idx ON findings (status, severity);
CREATE INDEX findings_suppressed_until_idx ON findings (suppressed_until) WHERE status = 'suppressed';
ALTER TABLE findings SET (fillfactor = 80);

CREATE TABLE finding_comments (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  finding_id   UUID NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  author_id    TEXT,
  author_label TEXT NOT NULL,
  body         TEXT NOT NULL,
  created_at   TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX finding_comments_finding_id_idx ON finding_comments (finding_id, created_at);

-- Detector parameters an admin changed (absent row: the detector's defaults).
CREATE TABLE detector_settings (
  detector   TEXT PRIMARY KEY,
  enabled    BOOLEAN NOT NULL DEFAULT true,
  params     JSONB NOT NULL DEFAULT '{}',
  updated_at TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_by TEXT NOT NULL
);

-- The last run of each scheduled detector, for the Findings and Settings pages.
CREATE TABLE detector_runs (
  detector    TEXT PRIMARY KEY,
  started_at  TIMESTAMPTZ(6) NOT NULL,
  finished_at TIMESTAMPTZ(6),
  ok          BOOLEAN NOT NULL DEFAULT false,
  error       TEXT,
  candidates  INTEGER NOT NULL DEFAULT 0,
  raised      INTEGER NOT NULL DEFAULT 0,
  resolved    INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL DEFAULT 0
);

-- Sources (IP, user agent) each credential has been seen from, with when first: the new-source
-- detector's memory. Ingest inserts only pairs it has not seen (ON CONFLICT DO NOTHING), so
-- concurrent batches never wait on each other here and exactly one of them reports a new pair.
CREATE TABLE credential_sources (
  credential_key TEXT NOT NULL,
  kind           TEXT NOT NULL,
  value          TEXT NOT NULL,
  identity_id    UUID NOT NULL,
  first_seen_at  TIMESTAMPTZ(6) NOT NULL,
  PRIMARY KEY (credential_key, kind, value)
);

-- Sources a batch used that credential_sources did not hold (read without locking, in the batch's
-- transaction): the fold stores them, one fold at a time, and the first one wins — so no batch
-- ever waits on another's uncommitted insert, and exactly one new-source finding per new pair.
CREATE TABLE source_candidates (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  credential_key TEXT NOT NULL,
  kind           TEXT NOT NULL,
  value          TEXT NOT NULL,
  identity_id    UUID NOT NULL,
  event_at       TIMESTAMPTZ(6) NOT NULL,
  source         TEXT NOT NULL,
  event_id       TEXT NOT NULL,
  actor_type     actor_type NOT NULL,
  credential_ref TEXT
);

-- What ingest's detectors raised on a batch, appended in the batch's own transaction (insert only,
-- no row locks); a fold moments later turns them into findings (lib/detections/fold.ts), the way
-- rollup deltas become rollups.
CREATE TABLE finding_candidates (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedup_key       TEXT NOT NULL,
  detector        TEXT NOT NULL,
  severity        severity NOT NULL,
  identity_id     UUID,
  credential_id   UUID,
  grant_id        UUID,
  subject         TEXT NOT NULL,
  -- NULL when the process knows the finding exists already: a recurrence only moves its counts.
  title           TEXT,
  detail          JSONB,
  occurrences     BIGINT NOT NULL,
  first_event_ref TEXT,
  first_event_at  TIMESTAMPTZ(6) NOT NULL,
  last_event_ref  TEXT,
  last_event_at   TIMESTAMPTZ(6) NOT NULL,
  created_at      TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- A finding's history on its page comes from Warden's audit log rows about it.
CREATE INDEX warden_audit_log_target_idx ON warden_audit_log (target_type, target_id);
