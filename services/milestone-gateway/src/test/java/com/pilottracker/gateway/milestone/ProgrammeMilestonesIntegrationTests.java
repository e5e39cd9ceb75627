package com.pilottracker.gateway.milestone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Topics;
import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.pilottracker.gateway.OfficeClient.CLOUDEVENTS_JSON;
import static com.pilottracker.gateway.OfficeClient.milestone;
import static com.pilottracker.gateway.OfficeClient.newUscc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Milestones of every programme of the catalog: the gradient's from the office, checked
 * against its definition; types no programme declares; the optional {@code programme}
 * attribute; and the record's timestamp, which is when the gateway accepted the
 * milestone, on every way in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class ProgrammeMilestonesIntegrationTests {

	static final MediaType BATCH_JSON = MediaType.parseMediaType("application/cloudevents-batch+json");

	static TopicReader milestones;

	@Autowired
	WebTestClient anonymous;

	@Autowired
	MeterRegistry meters;

	OfficeClient office;

	@BeforeAll
	static void readMilestones() {
		milestones = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.MILESTONES);
	}

	@AfterAll
	static void close() {
		milestones.close();
	}

	@BeforeEach
	void office() {
		this.office = new OfficeClient(this.anonymous);
	}

	@Test
	void acceptsAGradientMilestoneFromTheOfficeWithItsAttributesAndTheRecordTimestampOfItsReceipt() {
		String id = id("innovative");
		String uscc = newUscc();
		Map<String, Object> event = new HashMap<>(innovative(id, uscc, Map.of("highTech", "true")));
		event.put("programme", "gradient");

		JsonNode receipt = post(this.office.office(), event, 202);

		assertThat(receipt.path("programme").asString()).isEqualTo("gradient");
		assertThat(receipt.path("type").asString()).isEqualTo("gradient.innovative");
		ConsumerRecord<String, byte[]> record = record(id);
		assertThat(TopicReader.headers(record)).containsEntry("ce_type", "gradient.innovative");
		assertThat(new String(record.value(), StandardCharsets.UTF_8))
			.contains("\"attributes\":{\"highTech\":\"true\"}");
		assertThat(Instant.ofEpochMilli(record.timestamp()))
			.isEqualTo(Instant.parse(receipt.path("receivedAt").asString()));
		this.office.office()
			.get()
			.uri("/api/v1/milestones/{id}?source=/programme-office", id)
			.exchange()
			.expectBody()
			.jsonPath("$.programme")
			.isEqualTo("gradient");
	}

	@Test
	void refusesTheGradientsEnteringMilestoneWithoutItsRequiredAttributeOrWithAValueItsKindDoesNotTake() {
		JsonNode missing = post(this.office.office(), innovative(id("no-high-tech"), newUscc(), Map.of()), 422);
		JsonNode wrong = post(this.office.office(), innovative(id("maybe"), newUscc(), Map.of("highTech", "maybe")),
				422);

		assertThat(missing.path("type").asString()).isEqualTo("/problems/invalid-milestone");
		assertThat(missing.at("/errors/0/pointer").asString()).isEqualTo("/data/attributes/highTech");
		assertThat(missing.at("/errors/0/detail").asString())
			.isEqualTo("is required for gradient.innovative (boolean)");
		assertThat(wrong.at("/errors/0/pointer").asString()).isEqualTo("/data/attributes/highTech");
		assertThat(wrong.at("/errors/0/detail").asString()).isEqualTo("must be \"true\" or \"false\"");
	}

	@Test
	void refusesAttributesOnAGradientMilestoneThatDoesNotEnterTheProgramme() {
		JsonNode problem = post(this.office.office(), milestone(id("specialised"), "/programme-office",
				"gradient.specialised", newUscc(), Map.of("attributes", Map.of("highTech", "true"))), 422);

		assertThat(problem.at("/errors/0/pointer").asString()).isEqualTo("/data/attributes/highTech");
	}

	@Test
	void refusesAProviderEveryStepOfAProgrammeWithoutAProviderStageAsOnlyTheOffices() {
		String provider = OfficeClient.uniqueProvider("gradient");
		WebTestClient client = this.office.as(this.office.key(provider, "PROVIDER"));
		String source = "/providers/" + provider;
		String uscc = newUscc();

		JsonNode entering = post(client,
				withSource(innovative(id("p-innovative"), uscc, Map.of("highTech", "true")), source), 403);
		JsonNode revoked = post(client, milestone(id("p-revoked"), source, "gradient.revoked", uscc, Map.of()), 403);

		assertThat(entering.path("type").asString()).isEqualTo("/problems/forbidden");
		assertThat(entering.path("detail").asString())
			.isEqualTo("Only the programme office reports gradient.innovative.");
		assertThat(revoked.path("detail").asString()).isEqualTo("Only the programme office reports gradient.revoked.");
	}

	@Test
	void refusesATypeNoProgrammeDeclaresAndCountsItUnderTheFixedValue() {
		double before = count("unknown", "unknown", "invalid");

		JsonNode problem = post(this.office.office(),
				milestone(id("unknown"), "/programme-office", "training.enrolled", newUscc(), Map.of()), 422);

		assertThat(problem.at("/errors/0/pointer").asString()).isEqualTo("/type");
		assertThat(problem.at("/errors/0/detail").asString())
			.startsWith("'training.enrolled' is not a milestone type of any programme; one of pilot.solicited")
			.contains("gradient.innovative");
		assertThat(count("unknown", "unknown", "invalid")).isEqualTo(before + 1);
	}

	@Test
	void countsMilestonesUnderTheirProgramme() {
		double before = count("gradient", "gradient.innovative", "accepted");

		post(this.office.office(), innovative(id("counted"), newUscc(), Map.of("highTech", "false")), 202);

		assertThat(count("gradient", "gradient.innovative", "accepted")).isEqualTo(before + 1);
	}

	@Test
	void refusesAProgrammeAttributeThatIsNotTheTypesProgrammeInStructuredAndBinaryMode() {
		Map<String, Object> event = new HashMap<>(milestone(id("mismatch"), "/programme-office", "pilot.solicited",
				newUscc(), Map.of("district", "思明区", "industry", "电子信息")));
		event.put("programme", "gradient");

		JsonNode structured = post(this.office.office(), event, 422);
		JsonNode binary = this.office.office()
			.post()
			.uri("/api/v1/milestones")
			.contentType(MediaType.APPLICATION_JSON)
			.header("ce-specversion", "1.0")
			.header("ce-id", id("binary-mismatch"))
			.header("ce-source", "/programme-office")
			.header("ce-type", "gradient.revoked")
			.header("ce-programme", "pilot")
			.header("ce-subject", newUscc())
			.header("ce-time", OfficeClient.RECENTLY)
			.bodyValue(Map.of())
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(structured.at("/errors/0/pointer").asString()).isEqualTo("/programme");
		assertThat(structured.at("/errors/0/detail").asString()).isEqualTo(
				"'gradient' is not the programme of pilot.solicited, which is 'pilot'; leave it out or give that");
		assertThat(binary.at("/errors/0/pointer").asString()).isEqualTo("/programme");
	}

	@Test
	void stampsEachRecordOfABatchWithItsReceiptsReceivedAt() {
		String first = id("batch-gradient");
		String second = id("batch-pilot");
		List<Map<String, Object>> batch = List.of(innovative(first, newUscc(), Map.of("highTech", "true")),
				milestone(second, "/programme-office", "pilot.solicited", newUscc(),
						Map.of("district", "思明区", "industry", "电子信息")));

		JsonNode result = this.office.office()
			.post()
			.uri("/api/v1/milestones")
			.contentType(BATCH_JSON)
			.bodyValue(batch)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(result.path("accepted").asInt()).isEqualTo(2);
		for (int i = 0; i < 2; i++) {
			JsonNode receipt = result.at("/results/" + i + "/receipt");
			assertThat(Instant.ofEpochMilli(record(receipt.path("id").asString()).timestamp()))
				.isEqualTo(Instant.parse(receipt.path("receivedAt").asString()));
		}
		assertThat(result.at("/results/0/receipt/programme").asString()).isEqualTo("gradient");
		assertThat(result.at("/results/1/receipt/programme").asString()).isEqualTo("pilot");
	}

	@Test
	void stampsAnImportedApplicantsRecordWithItsReceiptsReceivedAt() {
		String uscc = newUscc();
		String csv = "USCC,District,Industry,Applied on\n" + uscc + ",思明区,电子信息,2024-03-05\n";

		JsonNode result = this.office.office()
			.post()
			.uri("/api/v1/admin/imports/applicants")
			.contentType(MediaType.parseMediaType("text/csv"))
			.bodyValue(csv.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		JsonNode receipt = result.at("/results/0/receipt");
		assertThat(receipt.path("programme").asString()).isEqualTo("pilot");
		assertThat(Instant.ofEpochMilli(record("applicant-" + uscc).timestamp()))
			.isEqualTo(Instant.parse(receipt.path("receivedAt").asString()));
	}

	private JsonNode post(WebTestClient client, Map<String, Object> event, int status) {
		return client.post()
			.uri("/api/v1/milestones")
			.contentType(CLOUDEVENTS_JSON)
			.bodyValue(event)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private double count(String programme, String type, String outcome) {
		return this.meters.get("pilot.gateway.milestones")
			.tag("programme", programme)
			.tag("type", type)
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	private static ConsumerRecord<String, byte[]> record(String id) {
		return milestones.awaitRecord((candidate) -> id.equals(TopicReader.headers(candidate).get("ce_id")),
				Duration.ofSeconds(20));
	}

	private static Map<String, Object> innovative(String id, String uscc, Map<String, Object> attributes) {
		return milestone(id, "/programme-office", "gradient.innovative", uscc,
				Map.of("district", "思明区", "industry", "电子信息", "attributes", attributes));
	}

	private static Map<String, Object> withSource(Map<String, Object> event, String source) {
		Map<String, Object> copy = new HashMap<>(event);
		copy.put("source", source);
		return copy;
	}

	private static String id(String stem) {
		return stem + "-" + UUID.randomUUID();
	}

}
