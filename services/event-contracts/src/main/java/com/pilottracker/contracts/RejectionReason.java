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
	AFTER_WITHDRAWAL,

	/**
	 * A provider reported a step only the programme office reports
	 * ({@code pilot.solicited}).
	 */
	OFFICE_ONLY,

	/**
	 * A provider reported a pre-acceptance or a withdrawal for an enterprise whose
	 * contract, at the milestone's place in its history, does not name that provider (or
	 * a contract naming another provider than itself). Says nothing else about the
	 * enterprise.
	 */
	NOT_CONTRACTED_PROVIDER,

	/**
	 * A provider reported a contract for an enterprise already contracted with another
	 * provider, whenever the contract is dated: only the programme office changes who an
	 * enterprise is contracted with. Says nothing else about the enterprise.
	 */
	CONTRACTED_WITH_ANOTHER_PROVIDER

}
