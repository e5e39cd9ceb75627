package com.pilottracker.lifecycle.deciding;

import java.time.Instant;

import com.pilottracker.lifecycle.programme.ProgrammeState;

/**
 * An enterprise's row in a programme, as stored.
 *
 * @param state the enterprise in the programme, {@code null} if nothing is applied
 * @param version the number of changes published for it
 * @param due the next instant a decision changes with no milestone arriving (a hold
 * expiring, a lapse), {@code null} if none
 * @param partition the partition of the milestone topic its milestones are on,
 * {@code null} if not known yet (a row written by the release before log clocks)
 */
public record StoredState(ProgrammeState state, long version, Instant due, Integer partition) {

	/** The row of an enterprise nothing is known of. */
	public static StoredState empty() {
		return new StoredState(null, 0, null, null);
	}

}
