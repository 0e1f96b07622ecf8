-- The over-privilege heatmap sums rollups by (identity, scope): without multivariate statistics
-- the planner badly misjudges how many groups that makes and picks a slow plan.
CREATE STATISTICS event_rollups_identity_scope_stats (ndistinct) ON identity_id, scope FROM event_rollups_hourly;
ANALYZE event_rollups_hourly;

-- Denial views read raw denials (reasons, resources) over a window; denials are a small share
-- of events, so a partial index keeps those reads proportional to the denials, not the traffic.
CREATE INDEX audit_events_denials_time_idx ON audit_events (occurred_at) WHERE decision = 'deny';
