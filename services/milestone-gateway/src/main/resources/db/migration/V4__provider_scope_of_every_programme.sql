-- Provider scope for every programme: the provider is kept for the milestone of any
-- programme's stage that names the provider (the pilot's pilot.contracted, so far the
-- only one), and looked up by that stage's type. The index serves every such type;
-- rows of other milestones have no provider.
CREATE INDEX receipt_named_provider ON receipt (uscc, provider, type) WHERE provider IS NOT NULL;

DROP INDEX receipt_contract;
