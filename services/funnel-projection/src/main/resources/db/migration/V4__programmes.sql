-- Programmes as data (docs/programmes.md): the projection keeps every programme's
-- figures. Tables written by the release before keep their figures: every row they hold
-- is the pilot's, and the per-stage time columns of that release become rows (the
-- enterprise's) or one jsonb value (the history's).

-- enterprise: one row per programme an enterprise is in
ALTER TABLE enterprise ADD COLUMN programme text NOT NULL DEFAULT 'pilot';
ALTER TABLE enterprise ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';
-- when it entered its current stage: the time it reached it (a re-entry's is the time of
-- the step that brought it back, which the stage times, first times, cannot tell)
ALTER TABLE enterprise ADD COLUMN since timestamptz;
ALTER TABLE enterprise DROP CONSTRAINT enterprise_pkey;
ALTER TABLE enterprise ADD PRIMARY KEY (programme, uscc);

-- when each enterprise first reached each stage of its programme, one row per stage
CREATE TABLE stage_reached (
    programme text        NOT NULL,
    uscc      char(18)    NOT NULL,
    stage     text        NOT NULL,
    at        timestamptz NOT NULL,
    PRIMARY KEY (programme, uscc, stage)
);

INSERT INTO stage_reached (programme, uscc, stage, at)
SELECT 'pilot', e.uscc, s.stage, s.at
FROM enterprise e,
     LATERAL (VALUES ('SOLICITED', e.solicited_at), ('CONTRACTED', e.contracted_at),
                     ('PRE_ACCEPTANCE', e.pre_acceptance_at), ('WITHDRAWN', e.withdrawn_at)) AS s(stage, at)
WHERE s.at IS NOT NULL;

UPDATE enterprise SET since = CASE stage WHEN 'SOLICITED' THEN solicited_at
                                         WHEN 'CONTRACTED' THEN contracted_at
                                         WHEN 'PRE_ACCEPTANCE' THEN pre_acceptance_at
                                         WHEN 'WITHDRAWN' THEN withdrawn_at END;

ALTER TABLE enterprise DROP COLUMN solicited_at, DROP COLUMN contracted_at, DROP COLUMN pre_acceptance_at,
    DROP COLUMN withdrawn_at;

-- funnel_count: per programme and attributes; any programme's stages
ALTER TABLE funnel_count DROP CONSTRAINT funnel_count_stage_check;
ALTER TABLE funnel_count ADD COLUMN programme text NOT NULL DEFAULT 'pilot';
ALTER TABLE funnel_count ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';
ALTER TABLE funnel_count DROP CONSTRAINT funnel_count_pkey;
ALTER TABLE funnel_count ADD PRIMARY KEY (programme, district, industry, attributes, stage);

-- change_log: the programme, the attributes, and the stage times as one jsonb object
-- (stage -> instant, ISO-8601 UTC with microseconds), see FunnelStore
ALTER TABLE change_log ADD COLUMN programme text NOT NULL DEFAULT 'pilot';
ALTER TABLE change_log ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';
ALTER TABLE change_log ADD COLUMN reached_at jsonb NOT NULL DEFAULT '{}';
ALTER TABLE change_log ADD COLUMN since timestamptz;

UPDATE change_log SET
    reached_at = (SELECT coalesce(jsonb_object_agg(s.stage,
                      to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), '{}')
                  FROM (VALUES ('SOLICITED', solicited_at), ('CONTRACTED', contracted_at),
                               ('PRE_ACCEPTANCE', pre_acceptance_at), ('WITHDRAWN', withdrawn_at)) AS s(stage, at)
                  WHERE s.at IS NOT NULL),
    since = CASE to_stage WHEN 'SOLICITED' THEN solicited_at
                          WHEN 'CONTRACTED' THEN contracted_at
                          WHEN 'PRE_ACCEPTANCE' THEN pre_acceptance_at
                          WHEN 'WITHDRAWN' THEN withdrawn_at END;

ALTER TABLE change_log DROP COLUMN solicited_at, DROP COLUMN contracted_at, DROP COLUMN pre_acceptance_at,
    DROP COLUMN withdrawn_at;
ALTER TABLE change_log DROP CONSTRAINT change_log_uscc_version_key;
ALTER TABLE change_log ADD CONSTRAINT change_log_programme_uscc_version_key UNIQUE (programme, uscc, version);
