-- A rebuild builds copies of the tables beside them (CREATE TABLE ... (LIKE ... INCLUDING
-- ALL), see FunnelStore and docs/decisions/0015-rebuild-beside-the-live-tables.md) and
-- renames them into place; the copies' indexes get PostgreSQL's default names. The one
-- index named by hand is given its default name here, so the names stay the same across
-- rebuilds.
ALTER INDEX change_log_recorded_at RENAME TO change_log_recorded_at_idx;
