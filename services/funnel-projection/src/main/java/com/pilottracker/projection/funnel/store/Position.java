package com.pilottracker.projection.funnel.store;

import java.time.Instant;

/**
 * Where the projection is: its last applied change, over every programme.
 *
 * @param sequence the last applied change's number ({@code change_log.seq}); 0 when none
 * @param lastAppliedAt when it was applied
 * @param lastRecordedAt when the lifecycle recorded it
 */
public record Position(long sequence, Instant lastAppliedAt, Instant lastRecordedAt) {

	public static final Position NONE = new Position(0, null, null);

	/** What an answer shows of it. */
	public Shown shown() {
		return new Shown(this.sequence, this.lastAppliedAt);
	}

	/**
	 * The position as answers show it.
	 *
	 * @param sequence the last applied change's number, 0 when none
	 * @param lastAppliedAt when it was applied
	 */
	public record Shown(long sequence, Instant lastAppliedAt) {

	}

}
