package com.pilottracker.projection;

import java.time.Duration;

import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own port answers the probes with their status alone and serves nothing
 * else of the actuator (the funnel gauges least of all); the management port, a port of
 * its own, serves the scrape and the health with its components, without a key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class HealthProbesIntegrationTests {

	@Autowired
	WebTestClient anonymous;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	WebTestClient management;

	@BeforeEach
	void managementClient() {
		this.management = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.responseTimeout(Duration.ofSeconds(30))
			// the scrape holds the per-group gauges of every district the tests of this
			// JVM made: more than the client's default 256 KB
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

	@Test
	void runsTheManagementEndpointsOnAPortOfTheirOwn() {
		assertThat(this.managementPort).isPositive().isNotEqualTo(this.port);
	}

	@Test
	void answersTheProbesOnTheServicePortWithTheStatusAlone() {
		for (String probe : new String[] { "/readyz", "/livez" }) {
			this.anonymous.get().uri(probe).exchange().expectStatus().isOk().expectBody().json("""
					{"status":"UP"}""", JsonCompareMode.STRICT);
		}
	}

	@Test
	void servesNoManagementEndpointOnTheServicePort() {
		String refused = this.anonymous.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(refused).doesNotContain("pilot_funnel");
		WebTestClient office = this.anonymous.mutate()
			.defaultHeader("Authorization", TestApiKeys.officeBearer())
			.build();
		for (String path : new String[] { "/actuator", "/actuator/prometheus", "/actuator/health",
				"/actuator/health/readiness", "/actuator/info" }) {
			office.get().uri(path).exchange().expectStatus().isNotFound();
		}
	}

	@Test
	void servesTheFunnelGaugesOnTheManagementPortWithoutAKey() {
		String scrape = this.management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scrape).contains("pilot_funnel_reached").contains("application=\"funnel-projection\"");
	}

	@Test
	void showsOnTheManagementPortThatReadinessCoversTheDatabaseAndTheBroker() {
		this.management.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.r2dbc.status")
			.isEqualTo("UP")
			.jsonPath("$.components.kafka.status")
			.isEqualTo("UP")
			.jsonPath("$.components.readinessState.status")
			.isEqualTo("UP");
	}

}
