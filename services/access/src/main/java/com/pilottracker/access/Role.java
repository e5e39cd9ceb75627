package com.pilottracker.access;

/**
 * What a caller may do.
 */
public enum Role {

	/** The programme office: every milestone type, and administration. */
	OFFICE,

	/**
	 * A service provider: contracts naming itself, and pre-acceptance and withdrawal of
	 * the enterprises contracted with it.
	 */
	PROVIDER,

	/** Leadership and analysts: reads the funnel, writes nothing. */
	VIEWER;

	/** The Spring Security authority of the role. */
	public String authority() {
		return "ROLE_" + name();
	}

}
