package com.pilottracker.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A step the lifecycle applied, as published on {@link Topics#STAGE_CHANGES}.
 * <p>
 * {@code version} counts the applied steps of one enterprise from 1 without gaps, so a
 * consumer can apply each change exactly once and in order: it applies version
 * {@code n + 1} after {@code n} and ignores any version it has already seen.
 * {@code eventId} is derived from the milestone, so publishing the same change again
 * gives the same id.
 *
 * @param eventId this change's id
 * @param enterprise the enterprise
 * @param from the stage before, {@code null} for the first step
 * @param to the stage after
 * @param version the enterprise's step count after this change
 * @param occurredAt when the step happened (the milestone's {@code time})
 * @param recordedAt when the lifecycle applied it
 * @param milestoneSource the milestone's CloudEvents {@code source}
 * @param milestoneId the milestone's CloudEvents {@code id}
 * @param district the enterprise's district (from its solicitation)
 * @param industry the enterprise's industry (from its solicitation)
 * @param provider the contracted provider, {@code null} before a contract
 */
public record StageChanged(String eventId, Uscc enterprise, Stage from, Stage to, long version, Instant occurredAt,
		Instant recordedAt, String milestoneSource, String milestoneId, String district, String industry,
		String provider) implements PilotEvent {

	public StageChanged {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(enterprise, "enterprise");
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(recordedAt, "recordedAt");
		if (version < 1) {
			throw new IllegalArgumentException("version starts at 1, was " + version);
		}
	}

}
