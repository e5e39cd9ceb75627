-- Programmes as data (docs/lifecycle.md): every programme's enterprises in the same
-- tables, keyed by programme; decisions on the log clock. Upgrades a database written by
-- the previous release in place: its rows are the pilot's.

-- pilot: one row per (programme, enterprise). The stage times become one jsonb object
-- (stage name -> RFC 3339 UTC instant, "when it first reached each stage"), whatever
-- the programme's stages; the programme's own attributes a jsonb object; due_at the
-- next instant a decision changes with no milestone arriving (a hold expiring, a
-- lapse), on the log clock of the partition its milestones are on (log_partition, null
-- until the enterprise's next milestone for rows written before).
ALTER TABLE pilot ADD COLUMN programme text NOT NULL DEFAULT 'pilot';
ALTER TABLE pilot ALTER COLUMN programme DROP DEFAULT;
ALTER TABLE pilot DROP CONSTRAINT pilot_pkey;
ALTER TABLE pilot ADD PRIMARY KEY (programme, uscc);
ALTER TABLE pilot DROP CONSTRAINT pilot_stage_check;
ALTER TABLE pilot ADD COLUMN reached_at jsonb NOT NULL DEFAULT '{}';
ALTER TABLE pilot ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';
ALTER TABLE pilot ADD COLUMN due_at timestamptz;
ALTER TABLE pilot ADD COLUMN log_partition integer;

UPDATE pilot SET reached_at = jsonb_strip_nulls(jsonb_build_object(
    'SOLICITED', to_char(solicited_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'CONTRACTED', to_char(contracted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'PRE_ACCEPTANCE', to_char(pre_acceptance_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'WITHDRAWN', to_char(withdrawn_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')));

ALTER TABLE pilot DROP COLUMN solicited_at;
ALTER TABLE pilot DROP COLUMN contracted_at;
ALTER TABLE pilot DROP COLUMN pre_acceptance_at;
ALTER TABLE pilot DROP COLUMN withdrawn_at;

-- milestone: its programme (the first word of its type, kept for the look-ups by
-- programme and enterprise), its acceptance time (the Kafka record's timestamp; for a
-- milestone received before, when it was received) and the programme's own attributes
-- its data carried.
ALTER TABLE milestone ADD COLUMN programme text NOT NULL DEFAULT 'pilot';
ALTER TABLE milestone ALTER COLUMN programme DROP DEFAULT;
ALTER TABLE milestone ADD COLUMN accepted_at timestamptz;
UPDATE milestone SET accepted_at = received_at;
ALTER TABLE milestone ALTER COLUMN accepted_at SET NOT NULL;
ALTER TABLE milestone ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';

DROP INDEX milestone_by_enterprise;
DROP INDEX milestone_held_by_time;
CREATE INDEX milestone_by_enterprise ON milestone (programme, uscc);

-- the pilot's hold limit (30 days) from acceptance, for the milestones held before
UPDATE pilot SET due_at = held.due
FROM (SELECT uscc, min(accepted_at) + interval '30 days' AS due
      FROM milestone WHERE status = 'HELD' GROUP BY uscc) AS held
WHERE pilot.programme = 'pilot' AND pilot.uscc = held.uscc;

CREATE INDEX pilot_due ON pilot (log_partition, due_at) WHERE due_at IS NOT NULL;

-- The log clock: per partition of pilot.milestones, the latest record timestamp read.
CREATE TABLE log_clock (
    log_partition integer     PRIMARY KEY,
    log_time      timestamptz NOT NULL
);
