package com.pilottracker.projection.funnel;

import com.pilottracker.contracts.StageChanged;

/**
 * A stage change arrived whose predecessors have not: applying it would count the
 * enterprise wrongly, so the batch is retried until they arrive.
 */
public class MissingChangeException extends RuntimeException {

	public MissingChangeException(StageChanged change, long appliedVersion) {
		super("stage change " + change.eventId() + " for " + change.enterprise() + " in " + change.programme()
				+ " has version " + change.version() + " but the projection has applied only up to " + appliedVersion);
	}

}
