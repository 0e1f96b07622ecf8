-- Ingest appends each batch's rollup groups here, in the event transaction, instead of upserting
-- the four rollup tables: a 5,000-event batch upserted ~5,900 rollup rows (~22 µs of PostgreSQL
-- CPU per event, more than the COPY of the events), and concurrent batches queued on the same
-- rollup rows. A fold (lib/ingest/rollup-fold.ts) moves the deltas into the rollups every second
-- or so, in one transaction, upserting each key once for many batches.
--
-- Readers never see a half-way state: they read the *_live views, which add the unfolded deltas
-- to the folded rows (UNION ALL; every reader sums). Deltas are written in their events'
-- transaction and a fold deletes deltas and upserts their sums in one transaction, so every event
-- is counted exactly once at any moment. Seed, retention and manual SQL still write
-- event_rollups_hourly directly and derive through the triggers (migrations 0004, 0006).

-- The hourly rollups' columns (LIKE copies them with their NOT NULLs, not the key: a key repeats
-- across batches), plus an id, which Prisma needs to model the table.
CREATE TABLE event_rollup_deltas (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  LIKE event_rollups_hourly
);
-- Readers probe the deltas per identity (EXISTS per identity, one identity's page, spike medians).
CREATE INDEX event_rollup_deltas_identity_id_hour_idx ON event_rollup_deltas (identity_id, hour);

CREATE VIEW event_rollups_hourly_live AS
  SELECT hour, identity_id, scope, decision, granted, count, first_at, last_at FROM event_rollups_hourly
  UNION ALL
  SELECT hour, identity_id, scope, decision, granted, count, first_at, last_at FROM event_rollup_deltas;

CREATE VIEW event_rollups_daily_live AS
  SELECT day, identity_id, scope, events, denials, ungranted_uses FROM event_rollups_daily
  UNION ALL
  SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, scope, count,
         CASE WHEN decision = 'deny' THEN count ELSE 0 END,
         CASE WHEN decision <> 'deny' AND NOT granted THEN count ELSE 0 END
    FROM event_rollup_deltas;

CREATE VIEW identity_events_hourly_live AS
  SELECT hour, identity_id, events, denials FROM identity_events_hourly
  UNION ALL
  SELECT hour, identity_id, count, CASE WHEN decision = 'deny' THEN count ELSE 0 END FROM event_rollup_deltas;

CREATE VIEW identity_events_daily_live AS
  SELECT day, identity_id, events, denials FROM identity_events_daily
  UNION ALL
  SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, count, CASE WHEN decision = 'deny' THEN count ELSE 0 END
    FROM event_rollup_deltas;
