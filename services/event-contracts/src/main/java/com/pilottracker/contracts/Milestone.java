package com.pilottracker.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A milestone as it travels on {@link Topics#MILESTONES}: one CloudEvent that a provider
 * or the office reported and the gateway accepted. It is a claim, not yet a fact; the
 * lifecycle decides whether it is a legal step.
 *
 * @param id the CloudEvents {@code id}, unique per {@code source}
 * @param source the CloudEvents {@code source}: who reports
 * @param type what happened
 * @param subject the enterprise
 * @param time when the step happened, as reported
 * @param data the milestone's payload
 */
public record Milestone(String id, String source, MilestoneType type, Uscc subject, Instant time, MilestoneData data) {

	public Milestone {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(time, "time");
		data = (data != null) ? data : MilestoneData.none();
	}

}
