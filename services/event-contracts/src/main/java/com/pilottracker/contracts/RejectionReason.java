package com.pilottracker.contracts;

/**
 * Why a milestone was not applied: machine-readable codes a provider can look up on the
 * milestone's receipt. See {@code docs/lifecycle.md}.
 */
public enum RejectionReason {

	/**
	 * The step before this one was not reported within the hold limit (contracted without
	 * solicited, …).
	 */
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
