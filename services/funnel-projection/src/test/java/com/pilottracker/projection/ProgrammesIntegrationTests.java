package com.pilottracker.projection;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.PilotStages;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.ThirdProgramme;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both shipped programmes through the projection, from their stage changes on the topic
 * to every answer: the SME gradient with its {@code highTech} attribute, a lapse and a
 * revocation (current falls, reached does not), a re-entry, and the same enterprise in
 * the pilot beside it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class ProgrammesIntegrationTests {

	static final Programme GRADIENT = Programmes.gradient();

	static final Stage INNOVATIVE = stage("INNOVATIVE");

	static final Stage SPECIALISED = stage("SPECIALISED");

	static final Stage LITTLE_GIANT = stage("LITTLE_GIANT");

	static final Stage LAPSED = stage("LAPSED");

	static final Stage REVOKED = stage("REVOKED");

	static KafkaProducer<String, byte[]> producer;

	@Autowired
	WebTestClient anonymous;

	@LocalManagementPort
	int managementPort;

	WebTestClient http;

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

	/**
	 * A district of its own with three gradient enterprises and one of them in the pilot
	 * too.
	 * <ul>
	 * <li>climber (high-tech): innovative 2024-01-10, specialised 2024-03-10, little
	 * giant 2024-06-10 (recorded the next day);</li>
	 * <li>lapsed (not high-tech): innovative 2023-01-05, lapsed 2026-01-05;</li>
	 * <li>returner (high-tech): innovative 2024-01-10, specialised 2024-03-10, revoked
	 * 2024-05-10, innovative again 2024-09-10 (recorded 2024-09-11);</li>
	 * <li>climber in the pilot: solicited 2024-02-01, contracted 2024-03-01, both
	 * recorded 2024-04-01.</li>
	 * </ul>
	 */
	record Scenario(String district, Uscc climber, Uscc lapsed, Uscc returner) {

		static Scenario sent() {
			Scenario scenario = new Scenario("district-" + UUID.randomUUID(), StageChanges.enterprise(),
					StageChanges.enterprise(), StageChanges.enterprise());
			scenario.send();
			return scenario;
		}

		void send() {
			Instant innovative = at("2024-01-10");
			Instant specialised = at("2024-03-10");
			List<StageChanged> changes = new ArrayList<>();
			changes.add(gradient(this.climber, null, INNOVATIVE, 1, times(INNOVATIVE, innovative), innovative, true));
			changes.add(gradient(this.climber, INNOVATIVE, SPECIALISED, 2,
					times(INNOVATIVE, innovative, SPECIALISED, specialised), specialised, true));
			changes.add(gradient(this.climber, SPECIALISED, LITTLE_GIANT, 3,
					times(INNOVATIVE, innovative, SPECIALISED, specialised, LITTLE_GIANT, at("2024-06-10")),
					at("2024-06-10"), true));
			changes.add(gradient(this.lapsed, null, INNOVATIVE, 1, times(INNOVATIVE, at("2023-01-05")),
					at("2023-01-05"), false));
			changes.add(gradient(this.lapsed, INNOVATIVE, LAPSED, 2,
					times(INNOVATIVE, at("2023-01-05"), LAPSED, at("2026-01-05")), at("2026-01-05"), false));
			changes.add(gradient(this.returner, null, INNOVATIVE, 1, times(INNOVATIVE, innovative), innovative, true));
			changes.add(gradient(this.returner, INNOVATIVE, SPECIALISED, 2,
					times(INNOVATIVE, innovative, SPECIALISED, specialised), specialised, true));
			Map<Stage, Instant> revoked = times(INNOVATIVE, innovative, SPECIALISED, specialised, REVOKED,
					at("2024-05-10"));
			changes.add(gradient(this.returner, SPECIALISED, REVOKED, 3, revoked, at("2024-05-10"), true));
			// the re-entry keeps the first time of each stage
			changes.add(gradient(this.returner, REVOKED, INNOVATIVE, 4, revoked, at("2024-09-10"), true));
			Map<Stage, Instant> solicited = new LinkedHashMap<>();
			solicited.put(PilotStages.SOLICITED, at("2024-02-01"));
			changes.add(StageChanges.of(Programmes.PILOT, this.climber, null, PilotStages.SOLICITED, 1, solicited,
					at("2024-02-01"), at("2024-04-01"), this.district, "电子信息", null, Map.of()));
			Map<Stage, Instant> contracted = new LinkedHashMap<>(solicited);
			contracted.put(PilotStages.CONTRACTED, at("2024-03-01"));
			changes.add(StageChanges.of(Programmes.PILOT, this.climber, PilotStages.SOLICITED, PilotStages.CONTRACTED,
					2, contracted, at("2024-03-01"), at("2024-04-01"), this.district, "电子信息", "ceprei", Map.of()));
			StageChanges.send(producer, changes);
		}

		private StageChanged gradient(Uscc enterprise, Stage from, Stage to, long version, Map<Stage, Instant> times,
				Instant occurredAt, boolean highTech) {
			return StageChanges.of(Programmes.GRADIENT, enterprise, from, to, version, times, occurredAt,
					occurredAt.plus(Duration.ofDays(1)), this.district, "新材料", null,
					Map.of("highTech", Boolean.toString(highTech)));
		}

	}

	@Test
	void keepsEachProgrammesFunnelWithItsExitsAndFiltersOnItsOwnAttributes() {
		Scenario scenario = Scenario.sent();

		awaitApplied(scenario);
		JsonNode highTech = funnel("gradient", scenario.district(), "&highTech=true");
		assertThat(rows(highTech)).containsExactly(row("INNOVATIVE", 2, 1), row("SPECIALISED", 2, 0),
				row("LITTLE_GIANT", 1, 1), row("LAPSED", 0, 0), row("REVOKED", 1, 0));
		assertThat(highTech.path("programme").asString()).isEqualTo("gradient");
		assertThat(highTech.path("district").asString()).isEqualTo(scenario.district());
		assertThat(highTech.path("filters").path("highTech").asString()).isEqualTo("true");
		assertThat(highTech.path("exits").toString()).contains("LAPSED")
			.contains("REVOKED")
			.doesNotContain("INNOVATIVE");
		assertThat(rows(funnel("gradient", scenario.district(), "&highTech=false"))).containsExactly(
				row("INNOVATIVE", 1, 0), row("SPECIALISED", 0, 0), row("LITTLE_GIANT", 0, 0), row("LAPSED", 1, 1),
				row("REVOKED", 0, 0));
		// the same enterprise in the pilot counts in the pilot's funnel only
		JsonNode pilot = funnel(null, scenario.district(), "");
		assertThat(rows(pilot)).containsExactly(row("SOLICITED", 1, 0), row("CONTRACTED", 1, 1),
				row("PRE_ACCEPTANCE", 0, 0), row("WITHDRAWN", 0, 0));
		assertThat(pilot.path("programme").asString()).isEqualTo("pilot");
		assertThat(pilot.path("position").path("sequence").asLong()).isPositive();
		assertThat(pilot.path("lag").has("events")).isTrue();
		assertThat(rows(funnel("pilot", scenario.district(), "&industry=电子信息"))).isEqualTo(rows(pilot));
	}

	@Test
	void forgetsALapseThatALateReReviewUndid() {
		String district = "撤销测试区-" + System.nanoTime();
		Uscc enterprise = StageChanges.enterprise();
		Instant recognised = at("2022-01-05");
		Instant lapsedAt = at("2025-01-05");
		StageChanges.send(producer, List.of(
				StageChanges.of(Programmes.GRADIENT, enterprise, null, INNOVATIVE, 1, times(INNOVATIVE, recognised),
						recognised, recognised, district, "新材料", null, Map.of("highTech", "false")),
				StageChanges.of(Programmes.GRADIENT, enterprise, INNOVATIVE, LAPSED, 2,
						times(INNOVATIVE, recognised, LAPSED, lapsedAt), lapsedAt, lapsedAt, district, "新材料", null,
						Map.of("highTech", "false"))));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(rows(funnel("gradient", district, ""))).contains(row("LAPSED", 1, 1)));

		// a re-review dated before the lapse arrived late: the lifecycle takes the lapse
		// back, and LAPSED is no longer among the stages reached
		StageChanges.send(producer,
				List.of(StageChanges.of(Programmes.GRADIENT, enterprise, LAPSED, INNOVATIVE, 3,
						times(INNOVATIVE, recognised), at("2024-12-01"), at("2025-02-01"), district, "新材料", null,
						Map.of("highTech", "false"))));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(rows(funnel("gradient", district, ""))).containsExactly(
					row("INNOVATIVE", 1, 1), row("SPECIALISED", 0, 0), row("LITTLE_GIANT", 0, 0), row("LAPSED", 0, 0),
					row("REVOKED", 0, 0)));

		// the next change starts from the stages as stored: the lapse is gone from them
		Instant specialised = at("2025-03-01");
		StageChanges.send(producer,
				List.of(StageChanges.of(Programmes.GRADIENT, enterprise, INNOVATIVE, SPECIALISED, 4,
						times(INNOVATIVE, recognised, SPECIALISED, specialised), specialised, specialised, district,
						"新材料", null, Map.of("highTech", "false"))));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(rows(funnel("gradient", district, ""))).containsExactly(
					row("INNOVATIVE", 1, 0), row("SPECIALISED", 1, 1), row("LITTLE_GIANT", 0, 0), row("LAPSED", 0, 0),
					row("REVOKED", 0, 0)));
	}

	@Test
	void answersEachProgrammesAnalyticsAsOfADateAndAsKnownAtAnInstant() {
		Scenario scenario = Scenario.sent();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> group(analytics("gradient", ""), "district", scenario.district()) != null
					&& group(analytics("gradient", ""), "district", scenario.district()).path("funnel")
						.path("exits")
						.get(1)
						.path("current")
						.asLong() == 0);

		JsonNode live = analytics("gradient", "");
		JsonNode district = group(live, "district", scenario.district()).path("funnel");
		assertThat(district.path("stages").get(0).path("stage").asString()).isEqualTo("INNOVATIVE");
		assertThat(reached(district)).containsExactly(3L, 2L, 1L);
		assertThat(district.path("conversion").path("innovativeToSpecialised").asDouble()).isEqualTo(0.6667);
		assertThat(district.path("conversion").path("specialisedToLittleGiant").asDouble()).isEqualTo(0.5);
		assertThat(district.path("conversion").path("endToEnd").asDouble()).isEqualTo(0.3333);
		assertThat(live.path("programme").asString()).isEqualTo("gradient");
		assertThat(live.path("timeInStage").has("innovativeToSpecialised")).isTrue();
		assertThat(live.path("stalled").path("thresholdDays").size()).isZero();
		assertThat(group(live, "highTech", "true")).isNotNull();
		assertThat(group(live, "highTech", "false")).isNotNull();
		assertThat(live.path("definitions").path("highTech").asString()).contains("high-tech");
		assertThat(live.path("definitions").path("conversion.innovativeToSpecialised").asString())
			.isEqualTo("Reached specialised / reached innovative.");

		JsonNode april = group(analytics("gradient", "&asOf=2024-04-30"), "district", scenario.district())
			.path("funnel");
		assertThat(reached(april)).containsExactly(3L, 2L, 0L);
		assertThat(current(april)).containsExactly(1L, 2L, 0L);
		JsonNode june = group(analytics("gradient", "&asOf=2024-06-30"), "district", scenario.district())
			.path("funnel");
		assertThat(june.path("exits").get(1).path("stage").asString()).isEqualTo("REVOKED");
		assertThat(june.path("exits").get(1).path("current").asLong()).as("revoked, not yet back").isEqualTo(1);
		assertThat(june.path("exits").get(0).path("reached").asLong()).as("not lapsed yet").isZero();

		JsonNode august = group(analytics("gradient", "&knownAt=2024-08-01T00:00:00Z"), "district", scenario.district())
			.path("funnel");
		assertThat(august.path("exits").get(1).path("current").asLong()).as("the re-entry was not recorded yet")
			.isEqualTo(1);
		assertThat(current(august)).containsExactly(1L, 0L, 1L);
		JsonNode pilot = group(analytics(null, ""), "district", scenario.district()).path("funnel");
		assertThat(reached(pilot)).containsExactly(1L, 1L, 0L);
		assertThat(pilot.path("conversion").has("solicitedToContracted")).isTrue();

		JsonNode restatement = this.http.get()
			.uri("/api/v1/analytics/restatement?programme=gradient&asOf=2024-06-30&from=2024-05-01T00:00:00Z"
					+ "&to=2024-07-01T00:00:00Z")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(restatement.path("programme").asString()).isEqualTo("gradient");
		JsonNode climber = null;
		for (JsonNode change : restatement.path("changes")) {
			if (change.path("uscc").asString().equals(scenario.climber().value())) {
				climber = change;
			}
		}
		assertThat(climber).as("the little giant recorded on 11 June").isNotNull();
		assertThat(climber.path("reason").asString()).isEqualTo("LATE_REPORT");
		assertThat(climber.path("after").toString()).contains("LITTLE_GIANT");
	}

	@Test
	void exportsAndStreamsEachProgramme() throws Exception {
		Scenario scenario = Scenario.sent();
		awaitApplied(scenario);

		String csv = new String(this.http.get()
			.uri("/api/v1/analytics/export.csv?programme=gradient")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("Content-Disposition", "attachment; filename=\"gradient-funnel-live.csv\"")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody(), StandardCharsets.UTF_8);
		assertThat(csv).contains("programme,gradient")
			.contains("breakdown,group,innovative_reached,specialised_reached,little_giant_reached,lapsed,revoked,"
					+ "innovative_current,specialised_current,little_giant_current,innovative_drop_off,"
					+ "specialised_drop_off,conversion_innovative_to_specialised,"
					+ "conversion_specialised_to_little_giant,conversion_end_to_end,")
			.contains("district," + scenario.district() + ",3,2,1,1,1,1,0,1,1,1,0.6667,0.5,0.3333")
			.contains("highTech,true,");
		byte[] xlsx = this.http.get()
			.uri("/api/v1/analytics/export.xlsx?programme=gradient&asOf=2024-06-30")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("Content-Disposition", "attachment; filename=\"gradient-funnel-2024-06-30.xlsx\"")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
			boolean found = false;
			for (var row : workbook.getSheet("Funnel")) {
				if (row.getCell(1) != null && scenario.district().equals(row.getCell(1).getStringCellValue())) {
					found = true;
					assertThat(row.getCell(2).getNumericCellValue()).isEqualTo(3.0);
					assertThat(row.getCell(6).getNumericCellValue()).as("revoked by the end of June").isEqualTo(1.0);
				}
			}
			assertThat(found).as("the district's row").isTrue();
		}

		StepVerifier.create(this.http.get()
			.uri("/api/v1/analytics/stream?programme=gradient")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {
			})
			.getResponseBody()
			.filter((event) -> event.event() != null)
			.take(1)).assertNext((snapshot) -> {
				assertThat(snapshot.event()).isEqualTo("snapshot");
				assertThat(snapshot.data().path("programme").asString()).isEqualTo("gradient");
				assertThat(snapshot.data().path("funnel").path("stages").get(0).path("stage").asString())
					.isEqualTo("INNOVATIVE");
			}).expectComplete().verify(Duration.ofSeconds(30));
	}

	@Test
	void gaugesEveryProgrammeOfTheCatalogAndNoOther() {
		Scenario scenario = Scenario.sent();
		Uscc stranger = StageChanges.enterprise();
		Map<Stage, Instant> entered = Map.of(new Stage("FIRST"), at("2024-01-01"));
		StageChanges.send(producer, List.of(StageChanges.of("unknown-programme", stranger, null, new Stage("FIRST"), 1,
				entered, at("2024-01-01"), at("2024-01-01"), scenario.district(), "新材料", null, Map.of())));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(rows(funnel("gradient", scenario.district(), ""))).contains(row("REVOKED", 1, 0)));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String scrape = prometheus();
			assertThat(gauge(scrape, "pilot_funnel_reached", "gradient", "INNOVATIVE")).isGreaterThanOrEqualTo(3);
			assertThat(gauge(scrape, "pilot_funnel_reached", "gradient", "REVOKED")).isGreaterThanOrEqualTo(1);
			assertThat(gauge(scrape, "pilot_funnel_current", "gradient", "LAPSED")).isGreaterThanOrEqualTo(1);
			assertThat(gauge(scrape, "pilot_funnel_reached", "pilot", "CONTRACTED")).isGreaterThanOrEqualTo(1);
			assertThat(scrape)
				.contains("pilot_stalled_pilots{application=\"funnel-projection\",programme=\"pilot\","
						+ "stage=\"SOLICITED\"}")
				.contains("pilot_stalled_pilots{application=\"funnel-projection\",programme=\"gradient\","
						+ "stage=\"INNOVATIVE\"} 0.0")
				.contains("pilot_funnel_group_reached{application=\"funnel-projection\",district=\""
						+ scenario.district() + "\",industry=\"新材料\",programme=\"gradient\",stage=\"INNOVATIVE\"} 3.0")
				.doesNotContain("unknown-programme");
		});
		this.http.get()
			.uri("/api/v1/funnel?programme=unknown-programme")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void answersAnUnknownProgramme404AndAFilterItDoesNotDeclare400() {
		expectProblem("/api/v1/funnel?programme=nope", 404);
		expectProblem("/api/v1/funnel?programme=" + "x".repeat(300), 404);
		expectProblem("/api/v1/analytics?programme=nope", 404);
		expectProblem("/api/v1/analytics/export.csv?programme=nope", 404);
		expectProblem("/api/v1/funnel?programme=gradient&colour=red", 400);
		expectProblem("/api/v1/funnel?highTech=true", 400);
		expectProblem("/api/v1/funnel?programme=gradient&highTech=maybe", 400);
		expectProblem("/api/v1/funnel?programme=gradient&highTech=" + "t".repeat(65), 400);
		expectProblem("/api/v1/funnel?district=a&district=b", 400);
	}

	@Test
	void listsTheCatalogsDefinitionsForAnyKey() {
		JsonNode programmes = this.http.get()
			.uri("/api/v1/programmes")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(programmes.isArray()).isTrue();
		assertThat(programmes.get(0).path("id").asString()).isEqualTo("pilot");
		assertThat(programmes.get(1).path("id").asString()).isEqualTo("gradient");
		assertThat(Programmes.read(programmes.get(1).toString().getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(Programmes.gradient());
		this.anonymous.get().uri("/api/v1/programmes").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void answersAProgrammeTheOfficeDefinesOnceItReadsTheDefinitionAndKeepsOnlyRevisionsThatMayFollow() {
		String id = ThirdProgramme.uniqueId("diagnosis");
		String district = "district-" + UUID.randomUUID();
		Stage diagnosed = new Stage("DIAGNOSED");
		Stage retrofitting = new Stage("RETROFITTING");
		Uscc first = StageChanges.enterprise();
		Uscc second = StageChanges.enterprise();
		Instant day = at("2025-03-01");
		Instant next = at("2025-04-01");
		// changes the lifecycle made before this service read the definition are kept
		StageChanges.send(producer, List.of(
				StageChanges.of(id, first, null, diagnosed, 1, Map.of(diagnosed, day), day, day, district, "电子信息", null,
						Map.of()),
				StageChanges.of(id, second, null, diagnosed, 1, Map.of(diagnosed, day), day, day, district, "电子信息",
						null, Map.of()),
				StageChanges.of(id, second, diagnosed, retrofitting, 2, Map.of(diagnosed, day, retrofitting, next),
						next, next, district, "电子信息", null, Map.of())));
		publish(ThirdProgramme.json(id, 1, "diagnosed"), Instant.now());

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(rows(funnel(id, district, ""))).containsExactly(row("DIAGNOSED", 2, 1),
					row("RETROFITTING", 1, 1)));
		this.http.get()
			.uri("/api/v1/programmes")
			.exchange()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"id\":\"" + id + "\""));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(gauge(prometheus(), "pilot_funnel_reached", id, "DIAGNOSED"))
				.isGreaterThanOrEqualTo(2));

		// a revision written around the gateway that changes a rule is skipped; the one
		// after it, which only renames, is the revision in force
		publish(ThirdProgramme.json(id, 2, "diagnosed").replace("\"P30D\"", "\"P1D\""), Instant.now());
		publish(ThirdProgramme.json(id, 2, "diagnosed for free"), Instant.now());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.http.get()
				.uri("/api/v1/programmes/{id}", id)
				.exchange()
				.expectHeader()
				.valueEquals("ETag", "\"2\"")
				.expectBody()
				.jsonPath("$.holdLimit")
				.isEqualTo("P30D")
				.jsonPath("$.stages[0].name.en")
				.isEqualTo("diagnosed for free"));
	}

	@Test
	void writesTheLettersParagraphsWithTheFiguresTheAnalyticsAnswer() {
		Scenario scenario = Scenario.sent();
		awaitApplied(scenario);

		JsonNode letter = letter("asOf=2024-06-30", MediaType.APPLICATION_JSON, JsonNode.class);

		assertThat(letter.path("lang").asString()).isEqualTo("zh");
		JsonNode gradient = letter.path("paragraphs").get(0);
		JsonNode pilot = letter.path("paragraphs").get(1);
		assertThat(gradient.path("section").asString()).isEqualTo("二(二)1");
		assertThat(pilot.path("section").asString()).isEqualTo("二(二)3");
		assertThat(gradient.path("text").asString()).startsWith("截至2024年6月30日，我市已累计培育创新型中小企业");
		JsonNode figures = analytics("gradient", "&asOf=2024-06-30");
		for (JsonNode figure : gradient.path("figures")) {
			JsonNode funnel = figure.path("filters").has("highTech")
					? group(figures, "highTech", figure.path("filters").path("highTech").asString()).path("funnel")
					: figures.path("funnel");
			long expected = 0;
			for (JsonNode stage : funnel.path("stages")) {
				if (stage.path("stage").asString().equals(figure.path("stage").asString())) {
					expected = stage.path("reached").asLong();
				}
			}
			assertThat(figure.path("value").asLong()).as(figure.toString()).isEqualTo(expected).isPositive();
			assertThat(gradient.path("text").asString()).contains(figure.path("value").asLong() + "家");
		}
		assertThat(gradient.path("figures")).hasSize(6);
		assertThat(gradient.path("figures").get(3).path("query").asString())
			.isEqualTo("GET /api/v1/analytics?programme=gradient&asOf=2024-06-30 → "
					+ "breakdowns.highTech[key=true].funnel.stages[stage=INNOVATIVE].reached");
		assertThat(pilot.path("text").asString()).matches("截至2024年6月30日，\\d+家中小企业参与试点征集，\\d+家企业立项签约启动改造，\\d+家达到预验收条件。");

		String text = letter("asOf=2024-06-30", MediaType.TEXT_PLAIN, String.class);
		assertThat(text).isEqualTo(gradient.path("text").asString() + "\n\n" + pilot.path("text").asString() + "\n");
		assertThat(letter("asOf=2024-06-30&lang=en", MediaType.TEXT_PLAIN, String.class))
			.startsWith("As of 30 June 2024, the city had cultivated ");
		expectProblem("/api/v1/reports/letter?lang=fr", 400);

		byte[] docx = this.http.get()
			.uri("/api/v1/reports/letter.docx?asOf=2024-06-30")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Content-Disposition", "attachment; filename=\"letter-2024-06-30-zh.docx\"")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		try (org.apache.poi.xwpf.usermodel.XWPFDocument document = new org.apache.poi.xwpf.usermodel.XWPFDocument(
				new java.io.ByteArrayInputStream(docx))) {
			assertThat(document.getParagraphs()).extracting(org.apache.poi.xwpf.usermodel.XWPFParagraph::getText)
				.containsExactly(gradient.path("text").asString(), pilot.path("text").asString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until every change of the scenario is applied, not only the last of one
	 * enterprise.
	 */
	private void awaitApplied(Scenario scenario) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(rows(funnel("gradient", scenario.district(), ""))).containsExactly(
					row("INNOVATIVE", 3, 1), row("SPECIALISED", 2, 0), row("LITTLE_GIANT", 1, 1), row("LAPSED", 1, 1),
					row("REVOKED", 1, 0)));
	}

	private <T> T letter(String query, MediaType accept, Class<T> type) {
		return this.http.get()
			.uri("/api/v1/reports/letter?" + query)
			.accept(accept)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(type)
			.returnResult()
			.getResponseBody();
	}

	private static void publish(String definition, Instant at) {
		try {
			producer
				.send(ThirdProgramme.revisionRecord(Programmes.read(definition.getBytes(StandardCharsets.UTF_8)), at))
				.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void expectProblem(String uri, int status) {
		this.http.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private JsonNode funnel(String programme, String district, String more) {
		String query = ((programme != null) ? "programme=" + programme + "&" : "") + "district=" + district + more;
		return this.http.get()
			.uri("/api/v1/funnel?" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private JsonNode analytics(String programme, String more) {
		return this.http.get()
			.uri("/api/v1/analytics?" + ((programme != null) ? "programme=" + programme : "") + more)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static JsonNode group(JsonNode figures, String breakdown, String key) {
		for (JsonNode group : figures.path("breakdowns").path(breakdown)) {
			if (group.path("key").asString().equals(key)) {
				return group;
			}
		}
		return null;
	}

	private static List<Long> reached(JsonNode funnel) {
		List<Long> reached = new ArrayList<>();
		funnel.path("stages").forEach((stage) -> reached.add(stage.path("reached").asLong()));
		return reached;
	}

	private static List<Long> current(JsonNode funnel) {
		List<Long> current = new ArrayList<>();
		funnel.path("stages").forEach((stage) -> current.add(stage.path("current").asLong()));
		return current;
	}

	private static List<Map<String, Object>> rows(JsonNode funnel) {
		List<Map<String, Object>> rows = new ArrayList<>();
		funnel.path("stages")
			.forEach((stage) -> rows.add(row(stage.path("stage").asString(), stage.path("reached").asLong(),
					stage.path("current").asLong())));
		return rows;
	}

	static Map<String, Object> row(String stage, long reached, long current) {
		return Map.of("stage", stage, "reached", reached, "current", current);
	}

	private String prometheus() {
		// the per-group gauges of every district the tests of this JVM made: more than
		// the client's default 256 KB
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static double gauge(String scrape, String name, String programme, String stage) {
		String series = name + "{application=\"funnel-projection\",programme=\"" + programme + "\",stage=\"" + stage
				+ "\"} ";
		for (String line : scrape.split("\n")) {
			if (line.startsWith(series)) {
				return Double.parseDouble(line.substring(series.length()).trim());
			}
		}
		return -1;
	}

	static Map<Stage, Instant> times(Object... stagesAndTimes) {
		Map<Stage, Instant> times = new LinkedHashMap<>();
		for (int i = 0; i < stagesAndTimes.length; i += 2) {
			times.put((Stage) stagesAndTimes[i], (Instant) stagesAndTimes[i + 1]);
		}
		return times;
	}

	static Instant at(String date) {
		return Instant.parse(date + "T02:00:00Z");
	}

	private static Stage stage(String name) {
		return GRADIENT.stage(name).orElseThrow();
	}

}
