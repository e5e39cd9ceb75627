package com.pilottracker.lifecycle.deciding;

import java.util.Objects;

import com.pilottracker.contracts.Milestone;

/**
 * A milestone as read from its topic.
 *
 * @param milestone the milestone, its acceptance time the record's timestamp
 * @param partition the partition it was read from: its log clock
 * @param trace the {@code traceparent} its record carried, or {@code null}: every record
 * its step causes carries it
 */
public record Arrival(Milestone milestone, int partition, String trace) {

	public Arrival {
		Objects.requireNonNull(milestone, "milestone");
		Objects.requireNonNull(milestone.acceptedAt(), "a milestone read from the log has an acceptance time");
	}

}
