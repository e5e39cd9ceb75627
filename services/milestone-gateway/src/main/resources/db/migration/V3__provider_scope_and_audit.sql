-- Provider scope: the provider a contract names, so a provider's pre-acceptance and
-- withdrawal are accepted only for enterprises contracted with it.
ALTER TABLE receipt ADD COLUMN provider text;

CREATE INDEX receipt_contract ON receipt (uscc, provider) WHERE type = 'pilot.contracted';

-- Every office write operation, for good: who (principal and key id), what, on what.
CREATE TABLE audit_entry (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL,
    actor     text        NOT NULL,
    actor_key text        NOT NULL,
    action    text        NOT NULL,
    target    text        NOT NULL,
    detail    text
);

CREATE INDEX audit_entry_at ON audit_entry (at DESC);
