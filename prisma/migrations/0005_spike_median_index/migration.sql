-- Denial spikes compare an hour with the identity's median hourly denials over the window and its
-- baselines: at 10M events that reads ~45k identity-hours for the busiest identities. With the
-- denials carried in the (identity_id, hour) index it is an index-only scan that arrives in
-- identity order, so the medians need no heap visits and no sort. (Only denials: an indexed
-- column blocks HOT updates, and ingest updates these rows' events all the time.)
DROP INDEX identity_events_hourly_identity_id_hour_idx;
CREATE INDEX identity_events_hourly_identity_id_hour_idx ON identity_events_hourly (identity_id, hour) INCLUDE (denials);
ANALYZE identity_events_hourly;
