-- The access schema: who may call the HTTP APIs. Shared by the services that have an
-- API; migrated by whichever of them starts first (Flyway locks the schema meanwhile).

-- One row per API key. Only the key's SHA-256 is kept; the key itself is shown once,
-- when it is issued. A revoked key stays, so the audit trail can name it.
CREATE TABLE api_key (
    key_id     text        PRIMARY KEY,
    key_hash   char(64)    NOT NULL UNIQUE,
    principal  text        NOT NULL,
    role       text        NOT NULL CHECK (role IN ('OFFICE', 'PROVIDER', 'VIEWER')),
    label      text,
    issued_at  timestamptz NOT NULL,
    issued_by  text        NOT NULL,
    revoked_at timestamptz,
    revoked_by text
);

CREATE INDEX api_key_principal ON api_key (principal);
