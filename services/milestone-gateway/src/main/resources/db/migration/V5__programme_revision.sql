-- The programme definitions and revisions the office made through the API
-- (PUT /api/v1/admin/programmes/{id}). The primary key is what keeps two offices, or
-- two gateways, from both making revision n of a programme: the second insert fails and
-- its request is answered 412. The record on pilot.programmes is what every service
-- reads; this table is the gateway's copy, written in the same transaction as the audit
-- entry.
CREATE TABLE programme_revision (
    programme   text        NOT NULL,
    revision    integer     NOT NULL CHECK (revision >= 1),
    definition  jsonb       NOT NULL,
    reason      text        NOT NULL,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (programme, revision)
);
