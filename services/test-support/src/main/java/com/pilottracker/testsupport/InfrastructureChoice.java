package com.pilottracker.testsupport;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Decides which infrastructure the tests run on; a pure function of the environment and
 * of whether a Docker engine answers, so it can be tested on its own.
 * <ol>
 * <li>{@value #MODE_VARIABLE} = {@code external|testcontainers|embedded} forces a
 * mode.</li>
 * <li>Otherwise, when {@value #KAFKA_VARIABLE} and {@value #POSTGRES_VARIABLE} are both
 * set, the tests use those servers.</li>
 * <li>Otherwise, when a Docker engine answers, Testcontainers.</li>
 * <li>Otherwise the embedded broker and database.</li>
 * </ol>
 * Setting only one of the two server variables is a mistake and is refused, rather than
 * silently testing against a different server than the one named.
 */
public final class InfrastructureChoice {

	public static final String MODE_VARIABLE = "PILOT_TEST_INFRASTRUCTURE";

	public static final String KAFKA_VARIABLE = "PILOT_KAFKA_BOOTSTRAP_SERVERS";

	public static final String POSTGRES_VARIABLE = "PILOT_POSTGRES_URL";

	public static final String POSTGRES_USER_VARIABLE = "PILOT_POSTGRES_USER";

	public static final String POSTGRES_PASSWORD_VARIABLE = "PILOT_POSTGRES_PASSWORD";

	private InfrastructureChoice() {
	}

	public static InfrastructureMode choose(Map<String, String> environment, BooleanSupplier dockerAvailable) {
		String forced = environment.get(MODE_VARIABLE);
		if (hasText(forced)) {
			try {
				return InfrastructureMode.valueOf(forced.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(
						MODE_VARIABLE + " must be external, testcontainers or embedded, not '" + forced + "'");
			}
		}
		boolean kafkaGiven = hasText(environment.get(KAFKA_VARIABLE));
		boolean postgresGiven = hasText(environment.get(POSTGRES_VARIABLE));
		if (kafkaGiven && postgresGiven) {
			return InfrastructureMode.EXTERNAL;
		}
		if (kafkaGiven || postgresGiven) {
			throw new IllegalStateException("Set both " + KAFKA_VARIABLE + " and " + POSTGRES_VARIABLE
					+ " to test against external servers, or neither; only "
					+ (kafkaGiven ? KAFKA_VARIABLE : POSTGRES_VARIABLE) + " is set");
		}
		return dockerAvailable.getAsBoolean() ? InfrastructureMode.TESTCONTAINERS : InfrastructureMode.EMBEDDED;
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
