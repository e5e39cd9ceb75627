package com.pilottracker.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A milestone as it travels on {@link Topics#MILESTONES}: one CloudEvent that a provider
 * or the office reported and the gateway accepted. It is a claim, not yet a fact; the
 * lifecycle decides whether it is a legal step.
 *
 * The milestone's programme is the one whose definition declares its type (the type's
 * first word, {@link MilestoneType#programmeId()}): {@code pilot.contracted} is the
 * pilot's, {@code gradient.little-giant} the gradient's.
 *
 * @param id the CloudEvents {@code id}, unique per {@code source}
 * @param source the CloudEvents {@code source}: who reports
 * @param type what happened
 * @param subject the enterprise
 * @param time when the step happened, as reported
 * @param acceptedAt when the gateway accepted it: the Kafka record's timestamp, which the
 * gateway sets; the lifecycle's hold limit and lapses count against it, never against a
 * clock of its own. {@code null} before the gateway accepted it.
 * @param data the milestone's payload
 */
public record Milestone(String id, String source, MilestoneType type, Uscc subject, Instant time, Instant acceptedAt,
		MilestoneData data) {

	public Milestone {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(time, "time");
		data = (data != null) ? data : MilestoneData.none();
	}

	/** The id of the programme the milestone belongs to. */
	public String programme() {
		return this.type.programmeId();
	}

	/** The same milestone, accepted at {@code at}. */
	public Milestone acceptedAt(Instant at) {
		return new Milestone(this.id, this.source, this.type, this.subject, this.time, at, this.data);
	}

}
