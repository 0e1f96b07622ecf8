-- The heatmap's usage over 7, 30 or 90 days summed ~75,000 daily rollup rows per request at 10M
-- events (half of the statement). Days before today no longer change in the normal course, so
-- their sums per identity · scope are kept here, one set per window, computed on first read each
-- day (lib/analytics/usage-windows.ts); today's rows are still read live.
--
-- A set is used only while its state row says `fresh` for the reader's day, checked in the same
-- statement, so the cache can be stale but never read stale. Whatever writes the daily rollups of
-- a day before today marks the sets stale in its own transaction: ingest does it itself (it knows
-- the days of its batch, and leaves the sets alone for today's events); every other writer (the
-- derive triggers for seed, retention and manual SQL, or a TRUNCATE) goes through the trigger.
CREATE TABLE usage_window_state (
  window_days  integer PRIMARY KEY,
  as_of        date NOT NULL,
  fresh        boolean NOT NULL,
  refreshed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE usage_window_sums (
  window_days    integer NOT NULL,
  identity_id    uuid NOT NULL,
  scope          text NOT NULL,
  uses           bigint NOT NULL,
  denied         bigint NOT NULL,
  ungranted_uses bigint NOT NULL,
  PRIMARY KEY (window_days, identity_id, scope)
);

CREATE FUNCTION warden_usage_windows_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Ingest (SET LOCAL warden.rollups_derived = 'by-writer') marks the sets itself, and only for
  -- batches that reach back before the day they were computed for.
  IF current_setting('warden.rollups_derived', true) = 'by-writer' THEN
    RETURN NULL;
  END IF;
  UPDATE usage_window_state SET fresh = false WHERE fresh;
  RETURN NULL;
END $$;

CREATE TRIGGER event_rollups_daily_windows_stale
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_rollups_daily
  FOR EACH STATEMENT EXECUTE FUNCTION warden_usage_windows_stale();
