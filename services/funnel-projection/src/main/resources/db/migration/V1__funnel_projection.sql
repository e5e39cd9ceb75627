-- The projection's tables, in its own schema. Both are a pure function of the
-- stage-change log: dropping them and replaying the log gives the same rows.

-- What the projection knows of each enterprise; version is the last change applied.
CREATE TABLE enterprise (
    uscc              char(18)    PRIMARY KEY,
    version           bigint      NOT NULL CHECK (version >= 1),
    stage             text        NOT NULL,
    district          text        NOT NULL,
    industry          text        NOT NULL,
    provider          text,
    solicited_at      timestamptz,
    contracted_at     timestamptz,
    pre_acceptance_at timestamptz,
    withdrawn_at      timestamptz
);

-- The funnel: per district, industry and stage, how many enterprises ever reached the
-- stage and how many are in it now.
CREATE TABLE funnel_count (
    district text   NOT NULL,
    industry text   NOT NULL,
    stage    text   NOT NULL CHECK (stage IN ('SOLICITED', 'CONTRACTED', 'PRE_ACCEPTANCE', 'WITHDRAWN')),
    reached  bigint NOT NULL CHECK (reached >= 0),
    current  bigint NOT NULL CHECK (current >= 0),
    PRIMARY KEY (district, industry, stage)
);
