package com.pilottracker.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * What the lifecycle decided about one milestone, as published on
 * {@link Topics#MILESTONE_DECISIONS} (and, for a rejection, also on
 * {@link Topics#MILESTONE_REJECTIONS}). Its programme is its milestone type's. A held
 * milestone is decided again when its predecessor arrives or its hold expires;
 * {@code decisionVersion} counts a milestone's decisions from 1, so a consumer keeps the
 * latest.
 *
 * @param eventId this decision's id
 * @param enterprise the milestone's subject
 * @param milestoneSource the milestone's CloudEvents {@code source}
 * @param milestoneId the milestone's CloudEvents {@code id}
 * @param type the milestone's type
 * @param occurredAt the milestone's {@code time}
 * @param status {@code APPLIED}, {@code HELD} or {@code REJECTED}
 * @param reason why it was rejected, {@code null} otherwise
 * @param detail the decision for a person
 * @param waitingFor the stage a held milestone waits for, {@code null} otherwise
 * @param decisionVersion the milestone's decision count
 * @param decidedAt when the log shows it was decided: the acceptance time of the
 * milestone whose arrival decided it, or the instant a hold expired
 */
public record MilestoneDecided(String eventId, Uscc enterprise, String milestoneSource, String milestoneId,
		MilestoneType type, Instant occurredAt, MilestoneStatus status, RejectionReason reason, String detail,
		Stage waitingFor, long decisionVersion, Instant decidedAt) implements PilotEvent {

	public MilestoneDecided {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(enterprise, "enterprise");
		Objects.requireNonNull(milestoneSource, "milestoneSource");
		Objects.requireNonNull(milestoneId, "milestoneId");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(status, "status");
		if (status == MilestoneStatus.PENDING) {
			throw new IllegalArgumentException("a decision is never PENDING");
		}
		if ((status == MilestoneStatus.REJECTED) != (reason != null)) {
			throw new IllegalArgumentException("a rejection, and only a rejection, has a reason");
		}
		if ((status == MilestoneStatus.HELD) != (waitingFor != null)) {
			throw new IllegalArgumentException("a held milestone, and only a held one, waits for a stage");
		}
	}

	/** The id of the milestone's programme. */
	public String programme() {
		return this.type.programmeId();
	}

	@Override
	public Uscc enterprise() {
		return this.enterprise;
	}

}
