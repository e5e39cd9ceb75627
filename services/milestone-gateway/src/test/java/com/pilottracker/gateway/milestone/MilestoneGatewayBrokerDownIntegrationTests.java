package com.pilottracker.gateway.milestone;

import java.util.Map;

import com.pilottracker.infra.embedded.Ports;
import com.pilottracker.testsupport.PilotInfrastructureConfiguration;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway with no broker behind it (a real Kafka client against a closed port) and a
 * real database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pilot.gateway.publish-timeout=2s", "spring.kafka.producer.properties.max.block.ms=1000",
				"spring.kafka.admin.auto-create=false" })
@AutoConfigureWebTestClient(timeout = "PT20S")
// closed after its test: its Kafka clients, pointed at a broker that is not there, retry
// for ever, and while they lived the other gateway tests' requests sometimes went
// unanswered
@DirtiesContext
class MilestoneGatewayBrokerDownIntegrationTests {

	@DynamicPropertySource
	static void noBrokerButARealDatabase(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + Ports.freePort());
		PilotInfrastructureConfiguration.databaseProperties(registry, TestInfrastructure.get());
		PilotInfrastructureConfiguration.officeKey(registry);
	}

	WebTestClient http;

	@Autowired
	void office(WebTestClient client) {
		this.http = client.mutate().defaultHeader("Authorization", TestApiKeys.officeBearer()).build();
	}

	@Test
	void answers503WithRetryAfterWhenTheBrokerDoesNotAcknowledge() {
		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(MediaType.parseMediaType("application/cloudevents+json"))
			.bodyValue(Map.of("specversion", "1.0", "id", "m-503", "source", "/programme-office", "type",
					"pilot.withdrawn", "subject", "91350203MA2YQ8LX3B", "time", "2024-03-05T09:30:00+08:00"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "5")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/event-log-unavailable");

		// a type no programme it knows declares may be a new programme's it could not
		// read: post again later, not "invalid"
		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(MediaType.parseMediaType("application/cloudevents+json"))
			.bodyValue(Map.of("specversion", "1.0", "id", "m-503-new", "source", "/programme-office", "type",
					"diagnosis.diagnosed", "subject", "91350203MA2YQ8LX3B", "time", "2024-03-05T09:30:00+08:00"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "5");

		this.http.get()
			.uri("/api/v1/milestones/m-503?source=/programme-office")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void answersEachEventOfABatch503WhenTheBrokerDoesNotAcknowledge() {
		java.util.Map<String, Object> invalid = new java.util.HashMap<>(withdrawn("b-503-invalid"));
		invalid.put("time", "yesterday");

		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(MediaType.parseMediaType("application/cloudevents-batch+json"))
			.bodyValue(java.util.List.of(withdrawn("b-503-1"), invalid, withdrawn("b-503-2")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.accepted")
			.isEqualTo(0)
			.jsonPath("$.results[0].status")
			.isEqualTo(503)
			.jsonPath("$.results[0].problem.type")
			.isEqualTo("/problems/event-log-unavailable")
			.jsonPath("$.results[1].status")
			.isEqualTo(422)
			.jsonPath("$.results[2].status")
			.isEqualTo(503)
			.jsonPath("$.results[2].problem.type")
			.isEqualTo("/problems/event-log-unavailable");

		this.http.get()
			.uri("/api/v1/milestones/b-503-1?source=/programme-office")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private static Map<String, Object> withdrawn(String id) {
		return Map.of("specversion", "1.0", "id", id, "source", "/programme-office", "type", "pilot.withdrawn",
				"subject", "91350203MA2YQ8LX3B", "time", "2024-03-05T09:30:00+08:00");
	}

}
