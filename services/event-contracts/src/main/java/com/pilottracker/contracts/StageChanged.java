package com.pilottracker.contracts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An enterprise's progress in one programme after the lifecycle changed it, as published
 * on {@link Topics#STAGE_CHANGES}: the stage it is in now and when it reached each stage.
 * <p>
 * The lifecycle decides an enterprise's milestones in the order they happened (their
 * {@code time}), whatever order they arrive in. Usually a change moves the enterprise one
 * stage on; a late report of an earlier step can also add a stage to {@code reachedAt}
 * without moving the current stage ({@code from == to}). A consumer counts from the
 * difference between two consecutive changes.
 * <p>
 * {@code version} counts an enterprise's changes in the programme from 1 without gaps, so
 * a consumer applies each change exactly once and in order: version {@code n + 1} after
 * {@code n}, and any version it has already seen is ignored.
 *
 * @param eventId this change's id, derived from the programme, the enterprise and the
 * version
 * @param programme the programme's id
 * @param enterprise the enterprise
 * @param from the stage before, {@code null} when the enterprise enters the programme
 * @param to the stage now
 * @param version the enterprise's change count in the programme after this change
 * @param reachedAt when the enterprise first reached each stage it has reached (the
 * milestones' {@code time}), in the programme's order
 * @param occurredAt the {@code time} of the step that caused this change
 * @param recordedAt when the log shows the change was known: the acceptance time of the
 * milestone that caused it, or the instant a lapse took effect
 * @param milestoneSource the CloudEvents {@code source} of the milestone that caused it,
 * {@code null} for a lapse
 * @param milestoneId the CloudEvents {@code id} of the milestone that caused it,
 * {@code null} for a lapse
 * @param district the enterprise's district (from the milestone entering the programme)
 * @param industry the enterprise's industry (likewise)
 * @param provider the contracted provider, {@code null} before a contract or in a
 * programme without one
 * @param attributes the programme's own attributes (likewise), never {@code null}
 */
public record StageChanged(String eventId, String programme, Uscc enterprise, Stage from, Stage to, long version,
		Map<Stage, Instant> reachedAt, Instant occurredAt, Instant recordedAt, String milestoneSource,
		String milestoneId, String district, String industry, String provider,
		Map<String, String> attributes) implements PilotEvent {

	public StageChanged {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(programme, "programme");
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
		reachedAt = Collections.unmodifiableMap(new LinkedHashMap<>(reachedAt));
		attributes = (attributes == null || attributes.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new TreeMap<>(attributes));
	}

	/** Whether the enterprise has ever reached {@code stage}. */
	public boolean hasReached(Stage stage) {
		return this.reachedAt.containsKey(stage);
	}

}
