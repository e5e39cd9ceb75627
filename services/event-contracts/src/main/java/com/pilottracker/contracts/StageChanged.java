package com.pilottracker.contracts;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An enterprise's pilot after the lifecycle changed it, as published on
 * {@link Topics#STAGE_CHANGES}: the stage it is in now and when it reached each stage.
 * <p>
 * The lifecycle decides an enterprise's milestones in the order they happened (their
 * {@code time}), whatever order they arrive in. Usually a change moves the enterprise one
 * stage on; a late report of an earlier step can also add a stage to {@code reachedAt}
 * without moving the current stage ({@code from == to}). A consumer counts from the
 * difference between two consecutive changes.
 * <p>
 * {@code version} counts an enterprise's changes from 1 without gaps, so a consumer
 * applies each change exactly once and in order: version {@code n + 1} after {@code n},
 * and any version it has already seen is ignored.
 *
 * @param eventId this change's id, derived from the enterprise and the version
 * @param enterprise the enterprise
 * @param from the stage before, {@code null} when the enterprise enters the pilot
 * @param to the stage now
 * @param version the enterprise's change count after this change
 * @param reachedAt when the enterprise reached each stage it has reached (the milestones'
 * {@code time})
 * @param occurredAt the {@code time} of the milestone that caused this change
 * @param recordedAt when the lifecycle applied it
 * @param milestoneSource the CloudEvents {@code source} of the milestone that caused it
 * @param milestoneId the CloudEvents {@code id} of the milestone that caused it
 * @param district the enterprise's district (from its solicitation)
 * @param industry the enterprise's industry (from its solicitation)
 * @param provider the contracted provider, {@code null} before a contract
 */
public record StageChanged(String eventId, Uscc enterprise, Stage from, Stage to, long version,
		Map<Stage, Instant> reachedAt, Instant occurredAt, Instant recordedAt, String milestoneSource,
		String milestoneId, String district, String industry, String provider) implements PilotEvent {

	public StageChanged {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(enterprise, "enterprise");
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(recordedAt, "recordedAt");
		if (version < 1) {
			throw new IllegalArgumentException("version starts at 1, was " + version);
		}
		if (reachedAt == null || !reachedAt.containsKey(to)) {
			throw new IllegalArgumentException("the current stage " + to + " must be among the stages reached");
		}
		reachedAt = Map.copyOf(new EnumMap<>(reachedAt));
	}

	/** Whether the enterprise has ever reached {@code stage}. */
	public boolean hasReached(Stage stage) {
		return this.reachedAt.containsKey(stage);
	}

}
