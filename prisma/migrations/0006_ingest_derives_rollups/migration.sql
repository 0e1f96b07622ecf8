-- Ingest maintains the derived rollups in the same statement as the hourly ones: the statement
-- triggers cost a transition-table capture and two executions per batch (the upsert fires both
-- the INSERT and the UPDATE trigger), ~35 ms of every 5,000-event batch. A writer that does the
-- derivation itself sets warden.rollups_derived = 'by-writer' for its transaction; the test in
-- lib/db/derived-rollups.integration.test.ts holds both paths to GROUP BY over the raw events.
CREATE OR REPLACE FUNCTION warden_rollups_derive() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT hour, identity_id, scope, decision, granted, count FROM new_rows'
    WHEN 'UPDATE' THEN 'SELECT hour, identity_id, scope, decision, granted, count FROM new_rows
                        UNION ALL SELECT hour, identity_id, scope, decision, granted, -count AS count FROM old_rows'
    ELSE 'SELECT hour, identity_id, scope, decision, granted, -count AS count FROM old_rows' END;
BEGIN
  -- Ingest upserts the derived rows itself, from the batch it has already aggregated, and says
  -- so for its transaction with SET LOCAL (lib/ingest/persist.ts). Every other writer (seed,
  -- retention, tests, manual SQL) relies on this trigger.
  IF current_setting('warden.rollups_derived', true) = 'by-writer' THEN
    RETURN NULL;
  END IF;
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

