package com.pilottracker.gateway.milestone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Topics;
import com.pilottracker.gateway.OfficeClient;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch taken in set-based answers each event as it would have been answered on its
 * own, and the published marks written after the answer keep their promise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.com.pilottracker.gateway.milestone.MilestoneSubmission=DEBUG",
				// one lane: milestones posted at the same time are recorded together
				"pilot.gateway.receipt-inserts.concurrency=1" })
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class MilestoneBatchIntegrationTests {

	static final MediaType BATCH = MediaType.parseMediaType("application/cloudevents-batch+json");

	static TopicReader milestones;

	@Autowired
	WebTestClient anonymous;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

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
	void answersEachEventOfABatchAsOnItsOwnAndPublishesEachNewMilestoneOnce(CapturedOutput output) {
		String uscc = OfficeClient.newUscc();
		String known = id("known");
		String conflicting = id("conflicting");
		post(solicited(known, uscc, "湖里区"));
		post(solicited(conflicting, uscc, "湖里区"));
		String first = id("first");
		String twice = id("twice");
		String twiceOther = id("twice-other");
		String last = id("last");
		Map<String, Object> invalid = new HashMap<>(solicited(id("invalid"), uscc, "湖里区"));
		invalid.put("time", "yesterday");
		double accepted = count("accepted");
		double repeated = count("repeated");
		double conflicts = count("conflict");
		double invalids = count("invalid");
		String traceId = UUID.randomUUID().toString().replace("-", "");

		JsonNode answer = this.office.office()
			.post()
			.uri("/api/v1/milestones")
			.contentType(BATCH)
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.bodyValue(List.of(solicited(first, uscc, "湖里区"), solicited(known, uscc, "湖里区"),
					solicited(conflicting, uscc, "思明区"), invalid, "not an event", solicited(twice, uscc, "湖里区"),
					solicited(twice, uscc, "湖里区"), solicited(twiceOther, uscc, "湖里区"),
					solicited(twiceOther, uscc, "思明区"), solicited(last, uscc, "湖里区")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer.path("accepted").asInt()).isEqualTo(6);
		assertThat(answer.path("refused").asInt()).isEqualTo(4);
		List<Integer> statuses = new ArrayList<>();
		answer.path("results").forEach((result) -> statuses.add(result.path("status").asInt()));
		assertThat(statuses).containsExactly(202, 202, 409, 422, 422, 202, 202, 202, 409, 202);
		JsonNode results = answer.path("results");
		for (int index = 0; index < statuses.size(); index++) {
			assertThat(results.get(index).path("index").asInt()).isEqualTo(index);
		}
		assertThat(results.get(0).path("receipt").path("id").asString()).isEqualTo(first);
		assertThat(results.get(1).path("receipt")).isEqualTo(receipt(known));
		assertThat(results.get(2).path("problem").path("type").asString()).isEqualTo("/problems/milestone-conflict");
		assertThat(results.get(3).path("problem").path("errors").get(0).path("pointer").asString()).isEqualTo("/time");
		assertThat(results.get(5).path("receipt")).isEqualTo(results.get(6).path("receipt"));
		assertThat(results.get(8).path("problem").path("type").asString()).isEqualTo("/problems/milestone-conflict");
		assertThat(results.get(9).path("receipt")).isEqualTo(receipt(last));

		assertThat(count("accepted") - accepted).isEqualTo(4);
		assertThat(count("repeated") - repeated).isEqualTo(2);
		assertThat(count("conflict") - conflicts).isEqualTo(2);
		assertThat(count("invalid") - invalids).isEqualTo(1);

		String marker = id("marker");
		post(solicited(marker, uscc, "湖里区"));
		// same key, same partition: once the later milestone is there, every copy of the
		// batch's is too
		milestones.awaitRecord((record) -> marker.equals(TopicReader.headers(record).get("ce_id")),
				Duration.ofSeconds(20));
		for (String id : List.of(known, conflicting, first, twice, twiceOther, last)) {
			assertThat(copies(id)).as(id).hasSize(1);
		}
		assertThat(TopicReader.headers(copies(first).get(0)).get("traceparent")).startsWith("00-" + traceId + "-");
		assertThat(output.getAll().lines().filter((line) -> line.contains("Took in " + first + " "))).singleElement()
			.satisfies((line) -> assertThat(line).contains(traceId).endsWith(": accepted"));
		assertThat(output.getAll().lines().filter((line) -> line.contains("Took in " + twice + " ")))
			.extracting((line) -> line.substring(line.lastIndexOf(' ') + 1))
			.containsExactly("accepted", "repeated");
	}

	@Test
	void answersTheReceiptAsItIsStoredWithoutReadingItBack() {
		String single = id("single");
		String batched = id("batched");

		JsonNode answered = post(solicited(single, OfficeClient.newUscc(), "湖里区"));
		JsonNode batchAnswer = batch(List.of(solicited(batched, OfficeClient.newUscc(), "集美区")));

		// read at once: a mark not yet written is counted on this gateway
		assertThat(receipt(single)).isEqualTo(answered);
		assertThat(receipt(batched)).isEqualTo(batchAnswer.path("results").get(0).path("receipt"));
		assertThat(answered.path("status").asString()).isEqualTo("PENDING");
		assertThat(answered.has("receivedAt")).isTrue();
	}

	@Test
	void aReceiptIsShownOnceItIsAnsweredWhetherOrNotItsMarkIsWrittenYet() {
		String uscc = OfficeClient.newUscc();
		// a hundred times: the mark is written while the receipt is read, sooner or
		// later
		for (int i = 0; i < 100; i++) {
			String id = id("shown");
			post(solicited(id, uscc, "湖里区"));
			receipt(id);
		}
	}

	@Test
	void aRepeatOfAMilestoneWhosePublishedMarkWasLostPublishesItAgain() {
		String uscc = OfficeClient.newUscc();
		String single = id("single");
		String batched = id("batched");
		JsonNode receipt = post(solicited(single, uscc, "湖里区"));
		batch(List.of(solicited(batched, uscc, "湖里区")));
		await().atMost(Duration.ofSeconds(10)).until(() -> published(single) && published(batched));
		// the gateway or the database crashed before the marks were written
		this.db.sql("UPDATE receipt SET published = false WHERE source = '/programme-office' AND id IN (:ids)")
			.bind("ids", List.of(single, batched))
			.then()
			.block();

		assertThat(post(solicited(single, uscc, "湖里区"))).isEqualTo(receipt);
		assertThat(batch(List.of(solicited(batched, uscc, "湖里区"))).path("results").get(0).path("status").asInt())
			.isEqualTo(202);

		String marker = id("marker");
		post(solicited(marker, uscc, "湖里区"));
		milestones.awaitRecord((record) -> marker.equals(TopicReader.headers(record).get("ce_id")),
				Duration.ofSeconds(20));
		assertThat(copies(single)).hasSize(2);
		assertThat(copies(batched)).hasSize(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> published(single) && published(batched));
	}

	@Test
	void importsAFileThroughTheBatchAndAnswersEveryRow() {
		String first = OfficeClient.newUscc();
		String second = OfficeClient.newUscc();
		String csv = "uscc,district,industry,applied on\n" + first + ",思明区,电子信息,2024-03-05\n" + second
				+ ",火星区,电子信息,2024-03-05\n" + first + ",思明区,电子信息,2024-03-05\n";
		post(OfficeClient.milestone("applicant-" + first, "/programme-office", "pilot.solicited", first,
				Map.of("district", "思明区", "industry", "电子信息")));

		JsonNode result = this.office.office()
			.post()
			.uri("/api/v1/admin/imports/applicants")
			.contentType(MediaType.parseMediaType("text/csv"))
			.bodyValue(csv)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		// the first row's milestone was posted before with another time: a conflict
		List<String> outcomes = new ArrayList<>();
		result.path("results").forEach((row) -> outcomes.add(row.path("outcome").asString()));
		assertThat(outcomes).containsExactly("REFUSED", "REFUSED", "DUPLICATE_ROW");
		assertThat(result.path("results").get(0).path("status").asInt()).isEqualTo(409);
		assertThat(result.path("results").get(1).path("status").asInt()).isEqualTo(422);
	}

	@Test
	void aMilestoneHoldingANulIsRefusedAloneWhenPostedWithOthers() {
		// PostgreSQL keeps no NUL in text: refused at the door, not retried for ever
		String refused = id("nul") + "\u0000";
		String uscc = OfficeClient.newUscc();
		List<String> good = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			good.add(id("good"));
		}
		List<Map<String, Object>> singles = new ArrayList<>();
		good.forEach((id) -> singles.add(solicited(id, uscc, "湖里区")));
		singles.add(6, solicited(refused, uscc, "湖里区"));

		// posted at the same time, so they are recorded together
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader("Authorization", TestApiKeys.officeBearer())
			.build();
		List<Integer> statuses = Flux.fromIterable(singles)
			.flatMapSequential(
					(milestone) -> client.post()
						.uri("/api/v1/milestones")
						.contentType(OfficeClient.CLOUDEVENTS_JSON)
						.bodyValue(milestone)
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					singles.size())
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).containsExactly(202, 202, 202, 202, 202, 202, 422, 202, 202, 202, 202, 202, 202);
		for (String id : good) {
			receipt(id);
		}
		this.office.office()
			.post()
			.uri("/api/v1/milestones")
			.contentType(OfficeClient.CLOUDEVENTS_JSON)
			.bodyValue(solicited(refused, uscc, "湖里区"))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/invalid-milestone")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/id");

		String before = id("before");
		String after = id("after");
		JsonNode answer = batch(List.of(solicited(before, uscc, "湖里区"), solicited(refused, uscc, "湖里区"),
				solicited(after, uscc, "湖里区")));

		JsonNode results = answer.path("results");
		assertThat(results.get(0).path("status").asInt()).isEqualTo(202);
		assertThat(results.get(1).path("status").asInt()).isEqualTo(422);
		assertThat(results.get(2).path("status").asInt()).isEqualTo(202);
		receipt(before);
		receipt(after);
	}

	private JsonNode post(Map<String, Object> milestone) {
		return this.office.office()
			.post()
			.uri("/api/v1/milestones")
			.contentType(OfficeClient.CLOUDEVENTS_JSON)
			.bodyValue(milestone)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private JsonNode batch(List<Object> events) {
		return this.office.office()
			.post()
			.uri("/api/v1/milestones")
			.contentType(BATCH)
			.bodyValue(events)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private JsonNode receipt(String id) {
		return this.office.office()
			.get()
			.uri("/api/v1/milestones/{id}?source=/programme-office", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private boolean published(String id) {
		return published("/programme-office", id);
	}

	private boolean published(String source, String id) {
		return Boolean.TRUE.equals(this.db.sql("SELECT published FROM receipt WHERE source = :source AND id = :id")
			.bind("source", source)
			.bind("id", id)
			.map((row) -> row.get("published", Boolean.class))
			.one()
			.block());
	}

	private static List<ConsumerRecord<String, byte[]>> copies(String id) {
		return milestones.seen()
			.stream()
			.filter((record) -> id.equals(TopicReader.headers(record).get("ce_id")))
			.toList();
	}

	private double count(String outcome) {
		return this.meters.get("pilot.gateway.milestones")
			.tag("type", "pilot.solicited")
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	private static String id(String stem) {
		return stem + "-" + UUID.randomUUID();
	}

	private static Map<String, Object> solicited(String id, String uscc, String district) {
		return OfficeClient.milestone(id, "/programme-office", "pilot.solicited", uscc,
				Map.of("district", district, "industry", "新材料"));
	}

}
