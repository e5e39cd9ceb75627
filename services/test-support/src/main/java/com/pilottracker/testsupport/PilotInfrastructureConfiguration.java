package com.pilottracker.testsupport;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Wires a Spring Boot test to the infrastructure that {@link TestInfrastructure} chose:
 * Testcontainers through {@code @ServiceConnection}, external or embedded servers through
 * the same Spring properties an operator would set.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PilotInfrastructureConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(OnTestcontainers.class)
	KafkaContainer kafkaContainer() {
		return TestInfrastructure.containers().kafka();
	}

	@Bean
	@ServiceConnection
	@Conditional(OnTestcontainers.class)
	PostgreSQLContainer postgresContainer() {
		return TestInfrastructure.containers().postgres();
	}

	@Bean
	DynamicPropertyRegistrar pilotTestOfficeKey() {
		return PilotInfrastructureConfiguration::officeKey;
	}

	@Bean
	@Conditional(OnServers.class)
	DynamicPropertyRegistrar pilotInfrastructureProperties() {
		return (registry) -> {
			Infrastructure infrastructure = TestInfrastructure.get();
			registry.add("spring.kafka.bootstrap-servers", infrastructure::kafkaBootstrapServers);
			databaseProperties(registry, infrastructure);
		};
	}

	/**
	 * Points R2DBC and Flyway at the test database, for a test that wires its own Kafka
	 * (one with no broker behind it, say).
	 */
	public static void databaseProperties(DynamicPropertyRegistry registry, Infrastructure infrastructure) {
		registry.add("spring.r2dbc.url", infrastructure::r2dbcUrl);
		registry.add("spring.r2dbc.username", infrastructure::postgresUser);
		registry.add("spring.r2dbc.password", infrastructure::postgresPassword);
		registry.add("spring.flyway.url", infrastructure::jdbcUrl);
		registry.add("spring.flyway.user", infrastructure::postgresUser);
		registry.add("spring.flyway.password", infrastructure::postgresPassword);
	}

	/**
	 * Stores {@link TestApiKeys#OFFICE} at start, for a test that wires its own
	 * infrastructure.
	 */
	public static void officeKey(DynamicPropertyRegistry registry) {
		registry.add("pilot.security.bootstrap-office-key", () -> TestApiKeys.OFFICE);
	}

	static class OnTestcontainers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestInfrastructure.mode() == InfrastructureMode.TESTCONTAINERS;
		}

	}

	static class OnServers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestInfrastructure.mode() != InfrastructureMode.TESTCONTAINERS;
		}

	}

}
