package com.pilottracker.testsupport;

/**
 * The broker and database the tests run on.
 *
 * @param mode how they were chosen
 * @param kafkaBootstrapServers {@code host:port[,host:port]}
 * @param postgresUrl {@code postgresql://host:port/database}; prefix {@code jdbc:} or
 * {@code r2dbc:} to use it
 * @param postgresUser the database user
 * @param postgresPassword the database password (may be empty)
 */
public record Infrastructure(InfrastructureMode mode, String kafkaBootstrapServers, String postgresUrl,
		String postgresUser, String postgresPassword) {

	public String jdbcUrl() {
		return "jdbc:" + this.postgresUrl;
	}

	public String r2dbcUrl() {
		return "r2dbc:" + this.postgresUrl;
	}

	/**
	 * The environment a service process needs to use this infrastructure: the same
	 * variables an operator sets for external servers.
	 */
	public java.util.Map<String, String> asEnvironment() {
		return java.util.Map.of(InfrastructureChoice.KAFKA_VARIABLE, this.kafkaBootstrapServers,
				InfrastructureChoice.POSTGRES_VARIABLE, this.postgresUrl, InfrastructureChoice.POSTGRES_USER_VARIABLE,
				this.postgresUser, InfrastructureChoice.POSTGRES_PASSWORD_VARIABLE, this.postgresPassword);
	}

}
