package com.pilottracker.projection.analytics;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.contracts.RegistryRevision;
import com.pilottracker.contracts.RegistryRevisionCodec;
import com.pilottracker.contracts.ServiceDomain;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.projection.StageChanges;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.PilotStages;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class AnalyticsIntegrationTests {

	static final Instant JAN = Instant.parse("2024-01-10T02:00:00Z");

	static final Instant MAR = Instant.parse("2024-03-10T02:00:00Z");

	static final Instant RECORDED = Instant.parse("2024-04-01T00:00:00Z");

	static final Instant RECORDED_LATE = Instant.parse("2024-05-01T00:00:00Z");

	static KafkaProducer<String, byte[]> producer;

	@Autowired
	WebTestClient anonymous;

	WebTestClient http;

	@Autowired
	com.pilottracker.access.ApiKeyRepository keys;

	@Autowired
	Analytics analytics;

	@BeforeAll
	static void connect() {
		producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(), "acks", "all"),
				new StringSerializer(), new ByteArraySerializer());
	}

	@AfterAll
	static void disconnect() {
		producer.close();
	}

	@BeforeEach
	void office() {
		this.http = this.anonymous.mutate().defaultHeader("Authorization", TestApiKeys.officeBearer()).build();
	}

	@Test
	void answersTheFunnelAsOfADateAndAsKnownAtAnInstantAndExplainsTheRestatement() {
		String district = "district-" + UUID.randomUUID();
		Uscc early = enterprise();
		Uscc late = enterprise();
		// early: solicited in January, contracted in March, both recorded on 1 April
		send(change(early, null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, JAN), RECORDED, district),
				change(early, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2,
						Map.of(PilotStages.SOLICITED, JAN, PilotStages.CONTRACTED, MAR), RECORDED, district),
				// late: solicited in January, but reported only on 1 May
				change(late, null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, JAN), RECORDED_LATE,
						district));
		await().atMost(Duration.ofSeconds(30)).until(() -> reached(figures(""), district, 0) == 2);

		assertThat(reached(figures("?asOf=2024-01-31"), district, 1)).as("contracted as of January").isZero();
		assertThat(reached(figures("?asOf=2024-03-10"), district, 1)).as("contracted as of 10 March").isEqualTo(1);
		JsonNode knownInApril = figures("?asOf=2024-01-31&knownAt=2024-04-15T00:00:00Z");
		assertThat(reached(knownInApril, district, 0)).as("solicited by January, as known in April").isEqualTo(1);
		assertThat(knownInApril.path("asOf").asString()).isEqualTo("2024-01-31");
		assertThat(knownInApril.path("knownAt").asString()).isEqualTo("2024-04-15T00:00:00Z");
		assertThat(reached(figures("?asOf=2024-01-31&knownAt=2024-04-15T00:00:00Z"), district, 0))
			.as("the same question gives the same answer")
			.isEqualTo(1);

		JsonNode restatement = this.http.get()
			.uri("/api/v1/analytics/restatement?asOf=2024-01-31&from=2024-04-15T00:00:00Z&to=2024-05-15T00:00:00Z")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		JsonNode change = null;
		for (JsonNode candidate : restatement.path("changes")) {
			if (candidate.path("uscc").asString().equals(late.value())) {
				change = candidate;
			}
		}
		assertThat(change).as("the late report in the restatement").isNotNull();
		assertThat(change.path("reason").asString()).isEqualTo("LATE_REPORT");
		assertThat(change.path("after").toString()).contains("SOLICITED");
		assertThat(change.path("milestones").get(0).path("recordedAt").asString()).isEqualTo("2024-05-01T00:00:00Z");
	}

	@Test
	void theStalledGaugeCountsInTheDatabaseWhatTheFiguresCountInMemory() {
		String district = "district-" + UUID.randomUUID();
		Uscc waitingSinceJanuary = enterprise();
		Uscc contractedInMarch = enterprise();
		Uscc solicitedYesterday = enterprise();
		Instant yesterday = Instant.now().minus(Duration.ofDays(1));
		send(change(waitingSinceJanuary, null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, JAN), RECORDED,
				district),
				change(contractedInMarch, null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, JAN), RECORDED,
						district),
				change(contractedInMarch, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2,
						Map.of(PilotStages.SOLICITED, JAN, PilotStages.CONTRACTED, MAR), RECORDED, district),
				change(solicitedYesterday, null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, yesterday),
						yesterday, district));
		await().atMost(Duration.ofSeconds(30)).until(() -> reached(figures(""), district, 0) == 3);

		Map<String, Long> counted = this.analytics.stalledByStage(Programmes.pilot()).block();
		Map<String, Long> inMemory = this.analytics.view(Programmes.pilot(), null, null).block().stalled().byStage();

		assertThat(counted).isEqualTo(inMemory);
		assertThat(counted.get("SOLICITED")).isPositive();
		assertThat(counted.get("CONTRACTED")).isPositive();
	}

	@Test
	void everyAnswerCarriesItsPositionLagAndDefinitions() {
		send(change(enterprise(), null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, JAN), RECORDED,
				"district-" + UUID.randomUUID()));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode figures = figures("");
			assertThat(figures.path("position").path("sequence").asLong()).isPositive();
			assertThat(figures.path("position").path("lastAppliedAt").isString()).isTrue();
			assertThat(figures.path("lag").path("events").asLong()).isZero();
			assertThat(figures.path("definitions").path("reached").asString()).contains("ever reached");
			assertThat(figures.path("funnel").path("conversion").has("endToEnd")).isTrue();
			assertThat(figures.path("stalled").path("thresholdDays").path("SOLICITED").asLong()).isEqualTo(90);
		});
	}

	@Test
	void streamsASnapshotThenADeltaWithTheNextSequenceWhenTheFunnelMoves() {
		Flux<ServerSentEvent<JsonNode>> stream = this.http.get()
			.uri("/api/v1/analytics/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {
			})
			.getResponseBody()
			.filter((event) -> event.event() != null);
		long[] snapshotSequence = new long[1];

		StepVerifier.create(stream.take(2)).assertNext((snapshot) -> {
			assertThat(snapshot.event()).isEqualTo("snapshot");
			snapshotSequence[0] = snapshot.data().path("position").path("sequence").asLong();
			assertThat(snapshot.id()).isEqualTo(Long.toString(snapshotSequence[0]));
			send(change(enterprise(), null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, JAN), RECORDED,
					"district-" + UUID.randomUUID()));
		}).assertNext((delta) -> {
			assertThat(delta.event()).isEqualTo("delta");
			assertThat(delta.data().path("previousSequence").asLong()).isEqualTo(snapshotSequence[0]);
			assertThat(delta.data().path("sequence").asLong()).isGreaterThan(snapshotSequence[0]);
			assertThat(delta.data().path("funnel").path("stages").get(0).path("stage").asString())
				.isEqualTo("SOLICITED");
		}).expectComplete().verify(Duration.ofSeconds(30));
	}

	@Test
	void exportsWhatThePageShowsAsCsvAndXlsxStampedWithAsOfAndDefinitions() throws Exception {
		String district = "district-" + UUID.randomUUID();
		send(change(enterprise(), null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, JAN), RECORDED,
				district));
		await().atMost(Duration.ofSeconds(30)).until(() -> reached(figures(""), district, 0) == 1);

		byte[] csv = this.http.get()
			.uri("/api/v1/analytics/export.csv?asOf=2024-06-30")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("Content-Disposition", "attachment; filename=\"pilot-funnel-2024-06-30.csv\"")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		String text = new String(csv, StandardCharsets.UTF_8);
		assertThat(text).startsWith("\uFEFFPilot Tracker funnel")
			.contains("asOf,2024-06-30")
			.contains("district," + district + ",1,0,0,0,1,0,0,1,0,0.0,,0.0")
			.contains("solicited_reached,\"Enterprises that ever reached the stage");

		byte[] xlsx = this.http.get()
			.uri("/api/v1/analytics/export.xlsx?asOf=2024-06-30")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(AnalyticsController.XLSX)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
			assertThat(workbook.getSheetAt(0).getSheetName()).isEqualTo("Funnel");
			assertThat(workbook.getSheetAt(0).getRow(1).getCell(1).getStringCellValue()).isEqualTo("2024-06-30");
			boolean found = false;
			for (var row : workbook.getSheetAt(0)) {
				if (row.getCell(1) != null && district.equals(row.getCell(1).getStringCellValue())) {
					found = true;
					assertThat(row.getCell(2).getNumericCellValue()).isEqualTo(1.0);
				}
			}
			assertThat(found).as("the district's row in the Funnel sheet").isTrue();
			assertThat(workbook.getSheet("Definitions").getRow(1).getCell(0).getStringCellValue())
				.isEqualTo("breakdown");
		}
	}

	@Test
	void namesEachProviderOfTheBreakdownAsTheRegistryHoldsItAsOfAnyDate() {
		String provider = "lujiang-" + UUID.randomUUID().toString().substring(0, 8);
		String unregistered = "typo-" + UUID.randomUUID().toString().substring(0, 8);
		String district = "district-" + UUID.randomUUID();
		Uscc contracted = enterprise();
		Uscc other = enterprise();
		for (Uscc enterprise : List.of(contracted, other)) {
			send(change(enterprise, null, PilotStages.SOLICITED, 1, Map.of(PilotStages.SOLICITED, JAN), RECORDED,
					district),
					StageChanges.of(Programmes.PILOT, enterprise, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2,
							Map.of(PilotStages.SOLICITED, JAN, PilotStages.CONTRACTED, MAR), MAR, RECORDED, district,
							"电子信息", enterprise.equals(contracted) ? provider : unregistered, Map.of()));
		}
		RegistryEntry.ServiceOrganisation suspended = organisation(provider, RegistryEntry.Vetting.SUSPENDED);
		publish(new RegistryRevision(organisation(provider, RegistryEntry.Vetting.VETTED), 1, JAN, "office", "vetted"));
		publish(new RegistryRevision(suspended, 2, MAR, "office", "suspended"));
		// an older revision arriving late does not undo the later one
		publish(new RegistryRevision(organisation(provider, RegistryEntry.Vetting.APPLIED), 1, JAN, "office", "again"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					figures("?asOf=2024-03-31").path("providers").path(provider).path("vetting").asString())
				.isEqualTo("SUSPENDED"));
		JsonNode asOfMarch = figures("?asOf=2024-03-31");
		assertThat(asOfMarch.path("providers").path(provider).path("name").path("zh").asString()).isEqualTo("鹭江数智");
		assertThat(asOfMarch.path("providers").path(provider).path("domains").get(0).asString())
			.isEqualTo("DIGITALISATION");
		assertThat(asOfMarch.path("providers").has(unregistered)).as("a provider the registry does not hold").isFalse();
		assertThat(asOfMarch.path("breakdowns").path("provider").findValuesAsString("key")).contains(provider,
				unregistered);
		assertThat(figures("?asOf=2024-01-31").path("providers").has(provider))
			.as("not contracted yet as of January: not in the breakdown")
			.isFalse();
	}

	private static RegistryEntry.ServiceOrganisation organisation(String id, RegistryEntry.Vetting vetting) {
		return new RegistryEntry.ServiceOrganisation(id, new Programme.Names("鹭江数智", "Lujiang Digital"),
				List.of(ServiceDomain.DIGITALISATION), vetting);
	}

	private static void publish(RegistryRevision revision) {
		WireRecord wire = RegistryRevisionCodec.encode(revision);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.REGISTRIES, wire.key(), wire.value());
		wire.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		try {
			producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void refusesAMalformedDateAndAnAnonymousCaller() {
		this.http.get()
			.uri("/api/v1/analytics?asOf=31.01.2024")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.anonymous.get().uri("/api/v1/analytics").exchange().expectStatus().isUnauthorized();
		com.pilottracker.access.ApiKeys.Issued provider = com.pilottracker.access.ApiKeys.generate();
		this.keys
			.insert(provider, "ceprei-" + provider.keyId(), com.pilottracker.access.Role.PROVIDER, null, "test",
					Instant.now())
			.block();
		this.anonymous.get()
			.uri("/api/v1/analytics")
			.header("Authorization", "Bearer " + provider.key())
			.exchange()
			.expectStatus()
			.isForbidden();
		this.anonymous.get().uri("/leadership/").exchange().expectStatus().isOk();
	}

	private JsonNode figures(String query) {
		return this.http.get()
			.uri("/api/v1/analytics" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static long reached(JsonNode figures, String district, int stage) {
		for (JsonNode group : figures.path("breakdowns").path("district")) {
			if (group.path("key").asString().equals(district)) {
				return group.path("funnel").path("stages").get(stage).path("reached").asLong();
			}
		}
		return 0;
	}

	static void send(StageChanged... changes) {
		StageChanges.send(producer, List.of(changes));
	}

	static StageChanged change(Uscc enterprise, Stage from, Stage to, long version, Map<Stage, Instant> reached,
			Instant recordedAt, String district) {
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
		Programmes.pilot()
			.allStages()
			.stream()
			.filter(reached::containsKey)
			.forEach((stage) -> reachedAt.put(stage, reached.get(stage)));
		return StageChanges.of(Programmes.PILOT, enterprise, from, to, version, reachedAt, reachedAt.get(to),
				recordedAt, district, "电子信息", to.equals(PilotStages.SOLICITED) ? null : "ceprei", Map.of());
	}

	static Uscc enterprise() {
		String first17 = ("91350206" + UUID.randomUUID().toString().replaceAll("[^0-9]", "") + "000000000").substring(0,
				17);
		return new Uscc(first17 + Uscc.checkCharacterFor(first17));
	}

}
