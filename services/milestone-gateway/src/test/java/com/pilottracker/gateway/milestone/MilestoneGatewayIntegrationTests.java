package com.pilottracker.gateway.milestone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Topics;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ImportPilotInfrastructure
class MilestoneGatewayIntegrationTests {

	static final MediaType CLOUDEVENTS_JSON = MediaType.parseMediaType("application/cloudevents+json");

	static TopicReader milestones;

	@Autowired
	WebTestClient http;

	@BeforeAll
	static void readMilestones() {
		milestones = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.MILESTONES);
	}

	@AfterAll
	static void close() {
		milestones.close();
	}

	@Test
	void acceptsAMilestoneOnceKafkaHasItAndPublishesItInBinaryMode() {
		String id = UUID.randomUUID().toString();

		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(Map.of("specversion", "1.0", "id", id, "source", "/providers/ceprei", "type", "pilot.solicited",
					"subject", "91350203MA2YQ8LX3K", "time", "2024-03-05T09:30:00+08:00", "data",
					Map.of("district", "思明区", "industry", "电子信息")))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id);

		ConsumerRecord<String, byte[]> record = milestones
			.awaitRecord((candidate) -> id.equals(TopicReader.headers(candidate).get("ce_id")), Duration.ofSeconds(20));
		assertThat(record.key()).isEqualTo("91350203MA2YQ8LX3K");
		assertThat(TopicReader.headers(record)).containsEntry("ce_specversion", "1.0")
			.containsEntry("ce_source", "/providers/ceprei")
			.containsEntry("ce_type", "pilot.solicited")
			.containsEntry("ce_subject", "91350203MA2YQ8LX3K")
			.containsEntry("ce_time", "2024-03-05T01:30:00Z")
			.containsEntry("content-type", "application/json");
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"district\":\"思明区\"")
			.contains("\"industry\":\"电子信息\"");
	}

	@Test
	void answersAnInvalidMilestoneWith422AndEveryFieldError() {
		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(Map.of("specversion", "0.3", "id", "m-1", "source", "/providers/ceprei", "type",
					"pilot.contracted", "subject", "91350203MA2YQ8LX3", "time", "yesterday"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/invalid-milestone")
			.jsonPath("$.status")
			.isEqualTo(422)
			.jsonPath("$.errors[*].pointer")
			.value((pointers) -> assertThat((List<String>) pointers).containsExactlyInAnyOrder("/specversion",
					"/subject", "/time", "/data/provider"));
	}

	@Test
	void answersMalformedJsonWith400Problem() {
		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue("{\"specversion\": \"1.0\", ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400);
	}

	@Test
	void answersAnotherContentTypeWith415Problem() {
		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
