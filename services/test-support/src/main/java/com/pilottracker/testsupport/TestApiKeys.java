package com.pilottracker.testsupport;

/**
 * The office key every Spring Boot test stores at start (as
 * {@code pilot.security.bootstrap-office-key}), so a test can call the API and issue the
 * keys it needs. A test value, not a secret: it exists only in test databases.
 */
public final class TestApiKeys {

	/** The test office key. */
	public static final String OFFICE = "pt_testoffice_kL9xQ2vR7mN4pT8wY3zB6cF1hJ5sD0gA2eU";

	private TestApiKeys() {
	}

	/** The {@code Authorization} header value for {@link #OFFICE}. */
	public static String officeBearer() {
		return "Bearer " + OFFICE;
	}

}
