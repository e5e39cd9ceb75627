-- The lifecycle's own tables, in its own schema.

-- Each enterprise's pilot as its applied milestones make it. A row with no stage holds
-- milestones that wait for the enterprise's solicitation. version counts the changes
-- published for the enterprise.
CREATE TABLE pilot (
    uscc              char(18)    PRIMARY KEY,
    stage             text        CHECK (stage IN ('SOLICITED', 'CONTRACTED', 'PRE_ACCEPTANCE', 'WITHDRAWN')),
    version           bigint      NOT NULL DEFAULT 0 CHECK (version >= 0),
    solicited_at      timestamptz,
    contracted_at     timestamptz,
    pre_acceptance_at timestamptz,
    withdrawn_at      timestamptz,
    district          text,
    industry          text,
    provider          text,
    updated_at        timestamptz NOT NULL
);

-- Every milestone received, for good, with the lifecycle's latest verdict on it. A
-- milestone is identified by its CloudEvents source + id: one received again changes
-- nothing. decision_version counts the verdicts published for it (a held milestone is
-- decided again when its predecessor arrives or its hold expires).
CREATE TABLE milestone (
    source           text        NOT NULL,
    id               text        NOT NULL,
    uscc             char(18)    NOT NULL,
    type             text        NOT NULL,
    occurred_at      timestamptz NOT NULL,
    district         text,
    industry         text,
    provider         text,
    enterprise_name  text,
    status           text        NOT NULL CHECK (status IN ('APPLIED', 'HELD', 'REJECTED')),
    reason           text,
    detail           text,
    waiting_for      text,
    decision_version bigint      NOT NULL CHECK (decision_version >= 1),
    received_at      timestamptz NOT NULL,
    decided_at       timestamptz NOT NULL,
    PRIMARY KEY (source, id)
);

CREATE INDEX milestone_by_enterprise ON milestone (uscc);
CREATE INDEX milestone_held_by_time ON milestone (occurred_at) WHERE status = 'HELD';

-- Transactional outbox: records written in the same transaction as the change they
-- announce, sent to Kafka by the relay in seq order, deleted once Kafka acknowledged them.
CREATE TABLE outbox (
    seq        bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    headers    jsonb       NOT NULL,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
