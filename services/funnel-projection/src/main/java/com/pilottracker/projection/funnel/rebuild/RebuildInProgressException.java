package com.pilottracker.projection.funnel.rebuild;

/** A rebuild is already running, on this instance or another; answered with 409. */
public class RebuildInProgressException extends RuntimeException {

	RebuildInProgressException() {
		super("A rebuild of the projection is already running (on this instance or another); "
				+ "the figures stay as they were until it swaps its tables in.");
	}

}
