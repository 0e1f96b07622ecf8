-- Coarser rollups for windows of days. At 10M events the hourly rollups hold ~1.25M rows per
-- 30 days; views over 7-90 days summed them at 0.3-1.2 s. These tables are derived from
-- event_rollups_hourly by statement triggers, so every writer of the hourly rollups (ingest, the
-- demo seed, test fixtures, retention) keeps them equal to it in the same transaction.

-- Per identity x scope x UTC day, decisions pivoted into columns: the over-privilege heatmap and
-- the most-denied scopes.
CREATE TABLE event_rollups_daily (
  day            DATE NOT NULL,
  identity_id    UUID NOT NULL,
  scope          TEXT NOT NULL,
  events         BIGINT NOT NULL,
  denials        BIGINT NOT NULL,
  -- Allowed (or errored) uses of a scope the identity held no live grant for at that moment.
  ungranted_uses BIGINT NOT NULL,
  PRIMARY KEY (day, identity_id, scope)
) WITH (fillfactor = 85);

-- Per identity x hour: the overview's hourly chart and 24-hour figures, the 24-hour denial rates.
CREATE TABLE identity_events_hourly (
  hour        TIMESTAMPTZ(6) NOT NULL,
  identity_id UUID NOT NULL,
  events      BIGINT NOT NULL,
  denials     BIGINT NOT NULL,
  PRIMARY KEY (hour, identity_id)
) WITH (fillfactor = 85);
CREATE INDEX identity_events_hourly_identity_id_hour_idx ON identity_events_hourly (identity_id, hour);

-- Per identity x UTC day: denial rates against the identity's own baseline (up to 150 days).
CREATE TABLE identity_events_daily (
  day         DATE NOT NULL,
  identity_id UUID NOT NULL,
  events      BIGINT NOT NULL,
  denials     BIGINT NOT NULL,
  PRIMARY KEY (day, identity_id)
) WITH (fillfactor = 85);

-- The rows each write to event_rollups_hourly added (+count) or took away (-count), applied to
-- the derived tables as one set-based upsert each. Transition tables make this one statement per
-- ingest batch, not one per row. Keys are upserted in order so concurrent batches lock alike.
CREATE FUNCTION warden_rollups_derive() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT hour, identity_id, scope, decision, granted, count FROM new_rows'
    WHEN 'UPDATE' THEN 'SELECT hour, identity_id, scope, decision, granted, count FROM new_rows
                        UNION ALL SELECT hour, identity_id, scope, decision, granted, -count AS count FROM old_rows'
    ELSE 'SELECT hour, identity_id, scope, decision, granted, -count AS count FROM old_rows' END;
BEGIN
  EXECUTE 'WITH d AS MATERIALIZED (' || delta || '),
  daily AS (
    INSERT INTO event_rollups_daily AS t (day, identity_id, scope, events, denials, ungranted_uses)
    SELECT (hour AT TIME ZONE ''UTC'')::date, identity_id, scope, sum(count),
           coalesce(sum(count) FILTER (WHERE decision = ''deny''), 0),
           coalesce(sum(count) FILTER (WHERE decision <> ''deny'' AND NOT granted), 0)
      FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, identity_id, scope) DO UPDATE
      SET events = t.events + excluded.events, denials = t.denials + excluded.denials,
          ungranted_uses = t.ungranted_uses + excluded.ungranted_uses
    RETURNING 1),
  hourly AS (
    INSERT INTO identity_events_hourly AS t (hour, identity_id, events, denials)
    SELECT hour, identity_id, sum(count), coalesce(sum(count) FILTER (WHERE decision = ''deny''), 0)
      FROM d GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (hour, identity_id) DO UPDATE
      SET events = t.events + excluded.events, denials = t.denials + excluded.denials
    RETURNING 1),
  ident AS (
    INSERT INTO identity_events_daily AS t (day, identity_id, events, denials)
    SELECT (hour AT TIME ZONE ''UTC'')::date, identity_id, sum(count),
           coalesce(sum(count) FILTER (WHERE decision = ''deny''), 0)
      FROM d GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (day, identity_id) DO UPDATE
      SET events = t.events + excluded.events, denials = t.denials + excluded.denials
    RETURNING 1)
  SELECT (SELECT count(*) FROM daily) + (SELECT count(*) FROM hourly) + (SELECT count(*) FROM ident)';
  IF TG_OP <> 'INSERT' THEN
    -- Retention (or a correction) can empty a bucket: drop it rather than keep a zero row.
    DELETE FROM event_rollups_daily WHERE events = 0
       AND (day, identity_id, scope) IN (SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, scope FROM old_rows);
    DELETE FROM identity_events_hourly WHERE events = 0 AND (hour, identity_id) IN (SELECT hour, identity_id FROM old_rows);
    DELETE FROM identity_events_daily WHERE events = 0
       AND (day, identity_id) IN (SELECT (hour AT TIME ZONE 'UTC')::date, identity_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER event_rollups_hourly_derive_ins AFTER INSERT ON event_rollups_hourly
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups_derive();
CREATE TRIGGER event_rollups_hourly_derive_upd AFTER UPDATE ON event_rollups_hourly
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups_derive();
CREATE TRIGGER event_rollups_hourly_derive_del AFTER DELETE ON event_rollups_hourly
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups_derive();

CREATE FUNCTION warden_rollups_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE event_rollups_daily, identity_events_hourly, identity_events_daily;
  RETURN NULL;
END $$;
CREATE TRIGGER event_rollups_hourly_derive_trunc AFTER TRUNCATE ON event_rollups_hourly
  FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups_truncate();

-- Denial views read only the deny rows of the hourly rollups (~6% of them): a partial index that
-- carries the summed columns answers them without touching the allow rows.
CREATE INDEX event_rollups_hourly_denials_idx ON event_rollups_hourly (hour) INCLUDE (identity_id, scope, count)
  WHERE decision = 'deny';

-- Existing installations: derive from the rollups already stored.
INSERT INTO event_rollups_daily (day, identity_id, scope, events, denials, ungranted_uses)
SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, scope, sum(count),
       coalesce(sum(count) FILTER (WHERE decision = 'deny'), 0),
       coalesce(sum(count) FILTER (WHERE decision <> 'deny' AND NOT granted), 0)
  FROM event_rollups_hourly GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
INSERT INTO identity_events_hourly (hour, identity_id, events, denials)
SELECT hour, identity_id, sum(count), coalesce(sum(count) FILTER (WHERE decision = 'deny'), 0)
  FROM event_rollups_hourly GROUP BY 1, 2 ORDER BY 1, 2;
INSERT INTO identity_events_daily (day, identity_id, events, denials)
SELECT (hour AT TIME ZONE 'UTC')::date, identity_id, sum(count), coalesce(sum(count) FILTER (WHERE decision = 'deny'), 0)
  FROM event_rollups_hourly GROUP BY 1, 2 ORDER BY 1, 2;
ANALYZE event_rollups_daily, identity_events_hourly, identity_events_daily;

-- Denial spikes: candidate identity-hours are those above SPIKE_FLOOR (10) denials. Raising the
-- floor keeps this index usable; lowering it below 10 would need a new one.
CREATE INDEX identity_events_hourly_spike_idx ON identity_events_hourly (hour) INCLUDE (identity_id, denials)
  WHERE denials > 10;
-- …and each spike hour's distinct resources come from that identity's raw denials of the hour.
CREATE INDEX audit_events_identity_denials_idx ON audit_events (identity_id, occurred_at) WHERE decision = 'deny';
