package com.pilottracker.testsupport;

/** Where integration tests find their Kafka broker and PostgreSQL server. */
public enum InfrastructureMode {

	/**
	 * Servers given in the environment ({@code PILOT_KAFKA_BOOTSTRAP_SERVERS},
	 * {@code PILOT_POSTGRES_URL}).
	 */
	EXTERNAL,

	/** Kafka and PostgreSQL containers, wired with {@code @ServiceConnection}. */
	TESTCONTAINERS,

	/** A Kafka broker (KRaft) in the test JVM and a PostgreSQL child process. */
	EMBEDDED

}
