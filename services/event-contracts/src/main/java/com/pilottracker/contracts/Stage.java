package com.pilottracker.contracts;

/**
 * Where an enterprise stands in the pilot. The first three are the funnel, in lifecycle
 * order; {@link #WITHDRAWN} ends a pilot from any open stage.
 */
public enum Stage {

	SOLICITED, CONTRACTED, PRE_ACCEPTANCE, WITHDRAWN;

	/** The funnel stages in lifecycle order, withdrawal last. */
	public static final java.util.List<Stage> IN_ORDER = java.util.List.of(values());

	/** Whether a pilot in this stage can still move (every stage except a withdrawal). */
	public boolean isOpen() {
		return this != WITHDRAWN;
	}

}
