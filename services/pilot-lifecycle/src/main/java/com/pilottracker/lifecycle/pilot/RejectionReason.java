package com.pilottracker.lifecycle.pilot;

/** Why a milestone was not applied: machine-readable codes a provider can look up. */
public enum RejectionReason {

	/** The step before this one has not been reached (contracted before solicited, …). */
	PREDECESSOR_MISSING,

	/**
	 * The enterprise is already in this stage (the milestone repeats a step already
	 * applied).
	 */
	STAGE_ALREADY_REACHED,

	/** The step leads back to an earlier stage. */
	STEP_BACKWARDS,

	/** The pilot was withdrawn; nothing follows a withdrawal. */
	AFTER_WITHDRAWAL

}
