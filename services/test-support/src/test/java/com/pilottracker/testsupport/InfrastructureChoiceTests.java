package com.pilottracker.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InfrastructureChoiceTests {

	@ParameterizedTest(name = "kafka={0}, postgres={1}, docker={2} -> {3}")
	@CsvSource({ "127.0.0.1:9092, postgresql://db:5432/pilot, true,  EXTERNAL",
			"127.0.0.1:9092, postgresql://db:5432/pilot, false, EXTERNAL",
			",               ,                           true,  TESTCONTAINERS",
			",               ,                           false, EMBEDDED" })
	void prefersExternalServersThenDockerThenEmbedded(String kafka, String postgres, boolean docker,
			InfrastructureMode expected) {
		Map<String, String> environment = new HashMap<>();
		putIfPresent(environment, InfrastructureChoice.KAFKA_VARIABLE, kafka);
		putIfPresent(environment, InfrastructureChoice.POSTGRES_VARIABLE, postgres);

		InfrastructureMode mode = InfrastructureChoice.choose(environment, () -> docker);

		assertThat(mode).isEqualTo(expected);
	}

	@Test
	void doesNotAskDockerWhenExternalServersAreGiven() {
		AtomicBoolean asked = new AtomicBoolean();
		Map<String, String> environment = Map.of(InfrastructureChoice.KAFKA_VARIABLE, "k:9092",
				InfrastructureChoice.POSTGRES_VARIABLE, "postgresql://p:5432/pilot");

		InfrastructureChoice.choose(environment, () -> {
			asked.set(true);
			return true;
		});

		assertThat(asked).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "embedded, EMBEDDED", "TESTCONTAINERS, TESTCONTAINERS", " external , EXTERNAL" })
	void honoursAnExplicitMode(String forced, InfrastructureMode expected) {
		Map<String, String> environment = Map.of(InfrastructureChoice.MODE_VARIABLE, forced);

		assertThat(InfrastructureChoice.choose(environment, () -> true)).isEqualTo(expected);
	}

	@Test
	void refusesAnUnknownExplicitMode() {
		Map<String, String> environment = Map.of(InfrastructureChoice.MODE_VARIABLE, "docker");

		assertThatIllegalStateException().isThrownBy(() -> InfrastructureChoice.choose(environment, () -> true))
			.withMessageContaining("external, testcontainers or embedded");
	}

	@Test
	void refusesHalfAnExternalConfiguration() {
		Map<String, String> environment = Map.of(InfrastructureChoice.KAFKA_VARIABLE, "k:9092");

		assertThatIllegalStateException().isThrownBy(() -> InfrastructureChoice.choose(environment, () -> true))
			.withMessageContaining(InfrastructureChoice.POSTGRES_VARIABLE);
	}

	@Test
	void treatsBlankVariablesAsUnset() {
		Map<String, String> environment = Map.of(InfrastructureChoice.KAFKA_VARIABLE, " ",
				InfrastructureChoice.POSTGRES_VARIABLE, "");

		assertThat(InfrastructureChoice.choose(environment, () -> false)).isEqualTo(InfrastructureMode.EMBEDDED);
	}

	@Test
	void stripsJdbcAndR2dbcSchemesFromPostgresUrls() {
		assertThat(TestInfrastructure.stripScheme("jdbc:postgresql://h:1/d")).isEqualTo("postgresql://h:1/d");
		assertThat(TestInfrastructure.stripScheme("r2dbc:postgresql://h:1/d")).isEqualTo("postgresql://h:1/d");
		assertThat(TestInfrastructure.stripScheme("postgresql://h:1/d")).isEqualTo("postgresql://h:1/d");
	}

	private static void putIfPresent(Map<String, String> environment, String name, String value) {
		if (value != null) {
			environment.put(name, value);
		}
	}

}
