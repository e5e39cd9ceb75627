package com.pilottracker.contracts;

/** Where a milestone stands, as its receipt shows it. */
public enum MilestoneStatus {

	/** Durable in the event log, not yet decided. */
	PENDING,

	/** Applied: it moved the enterprise's pilot. */
	APPLIED,

	/**
	 * Waiting for an earlier step of the same enterprise; applied automatically when it
	 * arrives.
	 */
	HELD,

	/**
	 * Not applied, for the reason given. Final once the enterprise's history is complete;
	 * a late report of an earlier step can still change the decision (see
	 * {@code docs/lifecycle.md}).
	 */
	REJECTED

}
