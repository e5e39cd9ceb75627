-- The lifecycle's own tables, in its own schema.

-- Each enterprise's pilot: the stage it is in and how many steps it has taken.
CREATE TABLE pilot (
    uscc       char(18)    PRIMARY KEY,
    stage      text        NOT NULL CHECK (stage IN ('SOLICITED', 'CONTRACTED', 'PRE_ACCEPTANCE', 'WITHDRAWN')),
    version    bigint      NOT NULL CHECK (version >= 1),
    district   text,
    industry   text,
    provider   text,
    updated_at timestamptz NOT NULL
);

-- Every milestone decided, for good: a milestone is identified by its CloudEvents
-- source + id, so a redelivered or re-posted one is recognised and changes nothing.
CREATE TABLE processed_milestone (
    source       text        NOT NULL,
    id           text        NOT NULL,
    uscc         char(18)    NOT NULL,
    type         text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('APPLIED', 'REJECTED')),
    reason       text,
    detail       text,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (source, id)
);

CREATE INDEX processed_milestone_uscc ON processed_milestone (uscc);

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
