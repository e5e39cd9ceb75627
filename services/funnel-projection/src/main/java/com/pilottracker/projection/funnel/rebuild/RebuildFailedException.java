package com.pilottracker.projection.funnel.rebuild;

/**
 * A rebuild failed and dropped what it had built; the live tables are as they were.
 * Answered with 503: the cause is on the server's side (the broker, the database, a
 * change missing from the log), not in the request.
 */
public class RebuildFailedException extends RuntimeException {

	RebuildFailedException(RuntimeException cause) {
		super("The rebuild failed and was undone; the figures are the ones from before it. Cause: " + cause, cause);
	}

}
