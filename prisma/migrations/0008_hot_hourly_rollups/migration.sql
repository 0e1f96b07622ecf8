-- Every ingest batch upserts ~1,600 hourly rollup rows, most of them already there (count,
-- first_at, last_at move). The deny-rows index carried `count`, so none of those updates could
-- be HOT: each wrote new entries into every index of the table. Without `count` in any index and
-- with room left on each page, they can update in place.
--
-- The denials-by-identity chart, which read the summed counts from that index, reads the
-- per-identity hourly rollups instead, through their own partial index of denied hours.
DROP INDEX event_rollups_hourly_denials_idx;
CREATE INDEX event_rollups_hourly_denials_idx ON event_rollups_hourly (hour) INCLUDE (identity_id, scope)
  WHERE decision = 'deny';
ALTER TABLE event_rollups_hourly SET (fillfactor = 85);
CREATE INDEX identity_events_hourly_denials_idx ON identity_events_hourly (hour) INCLUDE (identity_id, denials)
  WHERE denials > 0;
ANALYZE event_rollups_hourly, identity_events_hourly;
