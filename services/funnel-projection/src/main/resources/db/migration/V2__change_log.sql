-- Every change the projection applied, in the order it applied them. seq is the
-- projection's position (it only grows, also across rebuilds); the rows are the history
-- behind "as of a date" (reached_at columns) and "as known at an instant" (recorded_at,
-- when the lifecycle recorded the change). A pure function of the stage-change log, like
-- the other tables, apart from seq and applied_at.
CREATE TABLE change_log (
    seq               bigserial   PRIMARY KEY,
    uscc              char(18)    NOT NULL,
    version           bigint      NOT NULL,
    recorded_at       timestamptz NOT NULL,
    occurred_at       timestamptz NOT NULL,
    applied_at        timestamptz NOT NULL,
    from_stage        text,
    to_stage          text        NOT NULL,
    district          text        NOT NULL,
    industry          text        NOT NULL,
    provider          text,
    solicited_at      timestamptz,
    contracted_at     timestamptz,
    pre_acceptance_at timestamptz,
    withdrawn_at      timestamptz,
    milestone_source  text,
    milestone_id      text,
    UNIQUE (uscc, version)
);

CREATE INDEX change_log_recorded_at ON change_log (recorded_at);
