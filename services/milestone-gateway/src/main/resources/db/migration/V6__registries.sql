-- The office's registries (PUT /api/v1/admin/registries/{registry}/{id}): service
-- organisations (the providers), digital commissioners and chain-leader enterprises.
-- Every revision of an entry is kept, for good; the latest is the entry. As with
-- programme_revision, the primary key keeps two offices from both making revision n of
-- an entry, and each revision is also on the pilot.registries topic.
CREATE TABLE registry_revision (
    kind        text        NOT NULL CHECK (kind IN ('service-organisations', 'commissioners', 'chain-leaders')),
    id          text        NOT NULL,
    revision    integer     NOT NULL CHECK (revision >= 1),
    entry       jsonb       NOT NULL,
    reason      text        NOT NULL,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (kind, id, revision)
);

-- The providers known before the registry: every principal of a provider key and every
-- provider a contract named, where it is a valid id. Registered as vetted, named by their
-- ids, in the digitalisation domain (the pilot's), for the office to complete; the
-- reason says so. A name that is not a valid id stays unregistered, and a milestone
-- naming it is refused from now on.
INSERT INTO registry_revision (kind, id, revision, entry, reason, recorded_by, recorded_at)
SELECT 'service-organisations', provider, 1,
       jsonb_build_object('id', provider, 'name', jsonb_build_object('zh', provider, 'en', provider),
                          'domains', jsonb_build_array('DIGITALISATION'), 'vetting', 'VETTED'),
       'registered at the upgrade to the registries: a provider known before them; name and domains to complete',
       'migration', now()
FROM (SELECT DISTINCT provider FROM receipt WHERE provider IS NOT NULL) AS known
WHERE provider ~ '^[a-z0-9][a-z0-9-]{1,63}$';

DO $$
BEGIN
    IF to_regclass('access.api_key') IS NOT NULL THEN
        INSERT INTO registry_revision (kind, id, revision, entry, reason, recorded_by, recorded_at)
        SELECT 'service-organisations', principal, 1,
               jsonb_build_object('id', principal, 'name', jsonb_build_object('zh', principal, 'en', principal),
                                  'domains', jsonb_build_array('DIGITALISATION'), 'vetting', 'VETTED'),
               'registered at the upgrade to the registries: a provider known before them; name and domains to complete',
               'migration', now()
        FROM (SELECT DISTINCT principal FROM access.api_key WHERE role = 'PROVIDER') AS keys
        WHERE principal ~ '^[a-z0-9][a-z0-9-]{1,63}$'
        ON CONFLICT DO NOTHING;
    END IF;
END $$;
