-- The gateway's own table, in its own schema.

-- One receipt per milestone, for good: a milestone is identified by its CloudEvents
-- source + id. body_hash tells a repeat (same body: the same receipt) from a conflict
-- (another body: 409). published is set once Kafka acknowledged the milestone; a
-- receipt that is not yet published is published again when the milestone is posted
-- again. status follows the lifecycle's decisions (decision_version keeps the latest).
CREATE TABLE receipt (
    source           text        NOT NULL,
    id               text        NOT NULL,
    uscc             char(18)    NOT NULL,
    type             text        NOT NULL,
    occurred_at      timestamptz NOT NULL,
    body_hash        text,
    published        boolean     NOT NULL DEFAULT false,
    status           text        NOT NULL DEFAULT 'PENDING'
                                 CHECK (status IN ('PENDING', 'APPLIED', 'HELD', 'REJECTED')),
    reason           text,
    detail           text,
    waiting_for      text,
    decision_version bigint      NOT NULL DEFAULT 0,
    received_at      timestamptz NOT NULL,
    decided_at       timestamptz,
    PRIMARY KEY (source, id)
);
