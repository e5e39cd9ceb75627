package com.pilottracker.gateway.milestone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.MilestoneDecided;
import com.pilottracker.contracts.MilestoneDecidedCodec;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TopicReader;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
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
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class MilestoneGatewayIntegrationTests {

	static final MediaType CLOUDEVENTS_JSON = MediaType.parseMediaType("application/cloudevents+json");

	static TopicReader milestones;

	WebTestClient http;

	@Autowired
	void office(WebTestClient client) {
		this.http = client.mutate().defaultHeader("Authorization", TestApiKeys.officeBearer()).build();
	}

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
			.bodyValue(Map.of("specversion", "1.0", "id", id, "source", "/programme-office", "type", "pilot.solicited",
					"subject", "91350203MA2YQ8LX3B", "time", "2024-03-05T09:30:00+08:00", "data",
					Map.of("district", "思明区", "industry", "电子信息")))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.location("/api/v1/milestones/" + id + "?source=%2Fprogramme-office")
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id)
			.jsonPath("$.status")
			.isEqualTo("PENDING");

		ConsumerRecord<String, byte[]> record = milestones
			.awaitRecord((candidate) -> id.equals(TopicReader.headers(candidate).get("ce_id")), Duration.ofSeconds(20));
		assertThat(record.key()).isEqualTo("91350203MA2YQ8LX3B");
		assertThat(TopicReader.headers(record)).containsEntry("ce_specversion", "1.0")
			.containsEntry("ce_source", "/programme-office")
			.containsEntry("ce_type", "pilot.solicited")
			.containsEntry("ce_subject", "91350203MA2YQ8LX3B")
			.containsEntry("ce_time", "2024-03-05T01:30:00Z")
			.containsEntry("content-type", "application/json");
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"district\":\"思明区\"")
			.contains("\"industry\":\"电子信息\"");
	}

	@Test
	void theMilestonesRecordCarriesTheTraceOfTheRequestThatPostedIt() {
		String id = UUID.randomUUID().toString();
		String traceId = UUID.randomUUID().toString().replace("-", "");

		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.bodyValue(Map.of("specversion", "1.0", "id", id, "source", "/programme-office", "type", "pilot.solicited",
					"subject", "91350203MA2YQ8LX3B", "time", "2024-03-05T09:30:00+08:00", "data",
					Map.of("district", "思明区", "industry", "电子信息")))
			.exchange()
			.expectStatus()
			.isAccepted();

		ConsumerRecord<String, byte[]> record = milestones
			.awaitRecord((candidate) -> id.equals(TopicReader.headers(candidate).get("ce_id")), Duration.ofSeconds(20));
		assertThat(TopicReader.headers(record).get("traceparent")).startsWith("00-" + traceId + "-");
	}

	@Test
	void answersARepeatWithTheSameReceiptAndPublishesTheMilestoneOnce() {
		String id = UUID.randomUUID().toString();
		Map<String, Object> milestone = solicited(id, "91350206MA2YQ8LX3N");

		post(milestone).expectStatus().isAccepted();
		post(milestone).expectStatus().isAccepted().expectBody().jsonPath("$.id").isEqualTo(id);
		String marker = UUID.randomUUID().toString();
		post(solicited(marker, "91350206MA2YQ8LX3N")).expectStatus().isAccepted();

		// same key, same partition: once the later milestone is there, every copy of the
		// first is too
		milestones.awaitRecord((record) -> marker.equals(TopicReader.headers(record).get("ce_id")),
				Duration.ofSeconds(20));
		assertThat(milestones.seen()).filteredOn((record) -> id.equals(TopicReader.headers(record).get("ce_id")))
			.hasSize(1);
	}

	@Test
	void answersTheSameIdWithAnotherBodyWith409Problem() {
		String id = UUID.randomUUID().toString();
		post(solicited(id, "91350206MA2YQ8LX3N")).expectStatus().isAccepted();

		post(solicited(id, "91350211000000000L")).expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/milestone-conflict");
	}

	@Test
	void showsTheLifecycleLatestDecisionOnTheReceipt() {
		String id = UUID.randomUUID().toString();
		post(solicited(id, "91350206MA2YQ8LX3N")).expectStatus().isAccepted();
		Uscc enterprise = new Uscc("91350206MA2YQ8LX3N");
		MilestoneDecided held = decision(id, enterprise, MilestoneStatus.HELD, null, PilotStages.SOLICITED, 1);
		MilestoneDecided applied = decision(id, enterprise, MilestoneStatus.APPLIED, null, null, 2);

		OfficeClient.publish(applied);
		OfficeClient.publish(held);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> receipt(id).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("APPLIED")
				.jsonPath("$.subject")
				.isEqualTo(enterprise.value()));
		MilestoneDecided rejected = decision(id, enterprise, MilestoneStatus.REJECTED, RejectionReason.AFTER_WITHDRAWAL,
				null, 3);
		OfficeClient.publish(rejected);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> receipt(id).expectBody()
				.jsonPath("$.status")
				.isEqualTo("REJECTED")
				.jsonPath("$.reason")
				.isEqualTo("AFTER_WITHDRAWAL"));
	}

	@Test
	void answersAnUnknownReceiptWith404AndAMissingSourceWith400() {
		receipt("no-such-milestone").expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.get()
			.uri("/api/v1/milestones/m-1")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void answersAnInvalidMilestoneWith422AndEveryFieldError() {
		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(Map.of("specversion", "0.3", "id", "m-1", "source", "/programme-office", "type",
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

	private WebTestClient.ResponseSpec post(Map<String, Object> milestone) {
		return this.http.post().uri("/api/v1/milestones").contentType(CLOUDEVENTS_JSON).bodyValue(milestone).exchange();
	}

	private WebTestClient.ResponseSpec receipt(String id) {
		return this.http.get().uri("/api/v1/milestones/{id}?source=/programme-office", id).exchange();
	}

	static Map<String, Object> solicited(String id, String uscc) {
		return Map.of("specversion", "1.0", "id", id, "source", "/programme-office", "type", "pilot.solicited",
				"subject", uscc, "time", "2024-03-05T09:30:00+08:00", "data",
				Map.of("district", "湖里区", "industry", "新材料"));
	}

	static MilestoneDecided decision(String id, Uscc enterprise, MilestoneStatus status, RejectionReason reason,
			Stage waitingFor, long version) {
		return new MilestoneDecided(MilestoneDecidedCodec.eventIdFor("/programme-office", id, version), enterprise,
				"/programme-office", id, PilotMilestones.SOLICITED, Instant.parse("2024-03-05T01:30:00Z"), status,
				reason, status.name().toLowerCase(java.util.Locale.ROOT), waitingFor, version, Instant.now());
	}

	@Test
	void acceptsAMilestoneInBinaryModeFromCeHeaders() {
		String id = UUID.randomUUID().toString();

		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(MediaType.APPLICATION_JSON)
			.header("ce-specversion", "1.0")
			.header("ce-id", id)
			.header("ce-source", "/programme-office")
			.header("ce-type", "pilot.solicited")
			.header("ce-subject", "91350206MA2YQ8LX3N")
			.header("ce-time", "2024-03-05T09:30:00+08:00")
			.bodyValue(Map.of("district", "湖里区", "industry", "新材料"))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id)
			.jsonPath("$.type")
			.isEqualTo("pilot.solicited");

		ConsumerRecord<String, byte[]> record = milestones
			.awaitRecord((candidate) -> id.equals(TopicReader.headers(candidate).get("ce_id")), Duration.ofSeconds(20));
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("湖里区");
	}

	@Test
	void answersABatchWithOneResultPerEvent() {
		String good = UUID.randomUUID().toString();
		Map<String, Object> invalid = new java.util.HashMap<>(
				solicited(UUID.randomUUID().toString(), "91350206MA2YQ8LX3N"));
		invalid.put("time", "yesterday");

		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(MediaType.parseMediaType("application/cloudevents-batch+json"))
			.bodyValue(List.of(solicited(good, "91350206MA2YQ8LX3N"), invalid, "not an event"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.accepted")
			.isEqualTo(1)
			.jsonPath("$.refused")
			.isEqualTo(2)
			.jsonPath("$.results[0].status")
			.isEqualTo(202)
			.jsonPath("$.results[0].receipt.id")
			.isEqualTo(good)
			.jsonPath("$.results[1].status")
			.isEqualTo(422)
			.jsonPath("$.results[1].problem.errors[0].pointer")
			.isEqualTo("/time")
			.jsonPath("$.results[2].status")
			.isEqualTo(422);
	}

	@Test
	void namesTheExpectedCheckCharacterOfAFailingUscc() {
		post(solicited(UUID.randomUUID().toString(), "91350206MA2YQ8LX3A")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/subject")
			.jsonPath("$.errors[0].detail")
			.value((detail) -> assertThat((String) detail).contains("expects 'N'"));
	}

	@Test
	void refusesABodyLargerThanAMilestoneNeedsWith413Problem() {
		Map<String, Object> huge = new java.util.HashMap<>(
				solicited(UUID.randomUUID().toString(), "91350206MA2YQ8LX3N"));
		huge.put("padding", "x".repeat(100_000));

		post(huge).expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesAnAttributeGivenTwiceWith400Problem() {
		this.http.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue("{\"specversion\":\"1.0\",\"id\":\"a\",\"id\":\"b\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void answersAnUnknownPathWith404Problem() {
		this.http.get()
			.uri("/api/v1/nothing-here")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
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
