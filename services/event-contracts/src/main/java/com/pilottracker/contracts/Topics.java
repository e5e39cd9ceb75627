package com.pilottracker.contracts;

/**
 * Topic names. Every topic about enterprises is keyed by the enterprise's USCC, so one
 * enterprise's events stay in order; records carry CloudEvents in binary mode (see
 * {@link CloudEventHeaders}).
 */
public final class Topics {

	/**
	 * Milestones accepted by the gateway. Producer: milestone-gateway. Consumer:
	 * pilot-lifecycle.
	 */
	public static final String MILESTONES = "pilot.milestones";

	/**
	 * Steps the lifecycle applied. Producer: pilot-lifecycle. Consumer:
	 * funnel-projection.
	 */
	public static final String STAGE_CHANGES = "pilot.stage-changes";

	/**
	 * Every decision on a milestone (applied, held, rejected). Producer: pilot-lifecycle.
	 * Consumer: milestone-gateway (receipts).
	 */
	public static final String MILESTONE_DECISIONS = "pilot.milestones.decided";

	/** Rejected milestones, for anyone who acts on them. Producer: pilot-lifecycle. */
	public static final String MILESTONE_REJECTIONS = "pilot.milestones.rejected";

	/**
	 * Every definition and revision of a programme the office made through the API, in
	 * the order they were made (one partition). Keyed by the programme's id, not a USCC:
	 * it is the one topic that is not about an enterprise. Producer: milestone-gateway.
	 * Consumers: every service ({@code ProgrammeCatalog}).
	 */
	public static final String PROGRAMMES = "pilot.programmes";

	/**
	 * Every revision of an entry of the office's registries (service organisations,
	 * digital commissioners, chain leaders), in the order they were made (one partition),
	 * kept for good. Keyed by {@code <registry>/<id>}. Producer: milestone-gateway.
	 * Consumers: the services that name entries (the projection's breakdowns).
	 */
	public static final String REGISTRIES = "pilot.registries";

	/**
	 * Appended to a topic's name to name its dead-letter topic: records that could not be
	 * read, with their original bytes and the error. Producer: the topic's consumer.
	 */
	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	/**
	 * Topic settings for a source of truth: records are never deleted by age or size, so
	 * the projection can always be rebuilt from the log; each record keeps the timestamp
	 * its producer gave it (on {@link #MILESTONES}, when the gateway accepted the
	 * milestone: the lifecycle's clock, see decision 0018).
	 */
	public static final java.util.Map<String, String> KEPT_FOR_GOOD = java.util.Map.of("retention.ms", "-1",
			"retention.bytes", "-1", "message.timestamp.type", "CreateTime");

	private Topics() {
	}

}
