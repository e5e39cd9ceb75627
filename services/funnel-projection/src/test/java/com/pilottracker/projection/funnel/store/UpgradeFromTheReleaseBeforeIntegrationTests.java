package com.pilottracker.projection.funnel.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.projection.StageChanges;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.Infrastructure;
import com.pilottracker.testsupport.PilotStages;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database written by the release before programmes were data, upgraded in place: its
 * schema is migrated to V3 and filled as that release filled it (per-stage time columns,
 * no programme), then the service starts on it, Flyway migrates it, and every pilot
 * answer (the funnel, the analytics live, as of a date, as known at an instant, the
 * restatement) is the one the rows stand for. A schema of its own; the listener does not
 * start, so nothing but the old rows (and one change applied here) is in it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.listener.auto-startup=false")
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
@DirtiesContext
class UpgradeFromTheReleaseBeforeIntegrationTests {

	static final String SCHEMA = "projection_upgrade_" + Long.toString(System.nanoTime(), 36);

	static final Uscc LATE = uscc("1");

	static final Uscc WITHDRAWN = uscc("2");

	static final Uscc FURTHEST = uscc("3");

	@Autowired
	WebTestClient anonymous;

	@Autowired
	FunnelStore store;

	@Autowired
	DatabaseClient db;

	WebTestClient http;

	@DynamicPropertySource
	static void theReleaseBefore(DynamicPropertyRegistry registry) throws SQLException {
		Infrastructure infrastructure = TestInfrastructure.get();
		Flyway.configure()
			.dataSource(infrastructure.jdbcUrl(), infrastructure.postgresUser(), infrastructure.postgresPassword())
			.schemas(SCHEMA)
			.defaultSchema(SCHEMA)
			.target("3")
			.load()
			.migrate();
		try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(),
				infrastructure.postgresUser(), infrastructure.postgresPassword());
				Statement sql = connection.createStatement()) {
			sql.execute("SET search_path TO " + SCHEMA);
			// as the release before wrote them: LATE solicited in January, its contract
			// of
			// 10 March recorded only on 1 May; WITHDRAWN withdrew on 10 February;
			// FURTHEST contracted on 1 February, met pre-acceptance on 1 May
			sql.execute("""
					INSERT INTO enterprise (uscc, version, stage, district, industry, provider, solicited_at,
					    contracted_at, pre_acceptance_at, withdrawn_at) VALUES
					('%s', 2, 'CONTRACTED', '思明区', '电子信息', 'ceprei', '2024-01-10T02:00:00Z',
					    '2024-03-10T02:00:00Z', NULL, NULL),
					('%s', 2, 'WITHDRAWN', '思明区', '电子信息', NULL, '2024-01-10T02:00:00Z', NULL, NULL,
					    '2024-02-10T02:00:00Z'),
					('%s', 3, 'PRE_ACCEPTANCE', '思明区', '电子信息', 'ceprei', '2024-01-10T02:00:00Z',
					    '2024-02-01T02:00:00Z', '2024-05-01T02:00:00.123456Z', NULL)
					""".formatted(LATE.value(), WITHDRAWN.value(), FURTHEST.value()));
			sql.execute("""
					INSERT INTO funnel_count (district, industry, stage, reached, current) VALUES
					('思明区', '电子信息', 'SOLICITED', 3, 0), ('思明区', '电子信息', 'CONTRACTED', 2, 1),
					('思明区', '电子信息', 'PRE_ACCEPTANCE', 1, 1), ('思明区', '电子信息', 'WITHDRAWN', 1, 1)
					""");
			sql.execute("""
					INSERT INTO change_log (uscc, version, recorded_at, occurred_at, applied_at, from_stage, to_stage,
					    district, industry, provider, solicited_at, contracted_at, pre_acceptance_at, withdrawn_at,
					    milestone_source, milestone_id) VALUES
					('%1$s', 1, '2024-01-11T00:00:00Z', '2024-01-10T02:00:00Z', now(), NULL, 'SOLICITED',
					    '思明区', '电子信息', NULL, '2024-01-10T02:00:00Z', NULL, NULL, NULL, '/programme-office', 's-1'),
					('%2$s', 1, '2024-01-11T00:00:00Z', '2024-01-10T02:00:00Z', now(), NULL, 'SOLICITED',
					    '思明区', '电子信息', NULL, '2024-01-10T02:00:00Z', NULL, NULL, NULL, '/programme-office', 's-2'),
					('%3$s', 1, '2024-01-11T00:00:00Z', '2024-01-10T02:00:00Z', now(), NULL, 'SOLICITED',
					    '思明区', '电子信息', NULL, '2024-01-10T02:00:00Z', NULL, NULL, NULL, '/programme-office', 's-3'),
					('%3$s', 2, '2024-02-02T00:00:00Z', '2024-02-01T02:00:00Z', now(), 'SOLICITED', 'CONTRACTED',
					    '思明区', '电子信息', 'ceprei', '2024-01-10T02:00:00Z', '2024-02-01T02:00:00Z', NULL, NULL,
					    '/providers/ceprei', 'c-3'),
					('%2$s', 2, '2024-02-11T00:00:00Z', '2024-02-10T02:00:00Z', now(), 'SOLICITED', 'WITHDRAWN',
					    '思明区', '电子信息', NULL, '2024-01-10T02:00:00Z', NULL, NULL, '2024-02-10T02:00:00Z',
					    '/programme-office', 'w-2'),
					('%1$s', 2, '2024-05-01T00:00:00Z', '2024-03-10T02:00:00Z', now(), 'SOLICITED', 'CONTRACTED',
					    '思明区', '电子信息', 'ceprei', '2024-01-10T02:00:00Z', '2024-03-10T02:00:00Z', NULL, NULL,
					    '/providers/ceprei', 'c-1'),
					('%3$s', 3, '2024-05-02T00:00:00Z', '2024-05-01T02:00:00.123456Z', now(), 'CONTRACTED',
					    'PRE_ACCEPTANCE', '思明区', '电子信息', 'ceprei', '2024-01-10T02:00:00Z',
					    '2024-02-01T02:00:00Z', '2024-05-01T02:00:00.123456Z', NULL, '/providers/ceprei', 'p-3')
					""".formatted(LATE.value(), WITHDRAWN.value(), FURTHEST.value()));
		}
		registry.add("spring.flyway.schemas", () -> SCHEMA);
		registry.add("spring.flyway.default-schema", () -> SCHEMA);
		registry.add("spring.r2dbc.properties.schema", () -> SCHEMA);
	}

	@BeforeEach
	void office() {
		this.http = this.anonymous.mutate().defaultHeader("Authorization", TestApiKeys.officeBearer()).build();
	}

	@Test
	void startsWithTheFiguresTheOldRowsStandFor() {
		JsonNode funnel = get("/api/v1/funnel");
		assertThat(funnel.path("programme").asString()).isEqualTo("pilot");
		assertThat(rows(funnel.path("stages"))).containsExactly("SOLICITED 3 0", "CONTRACTED 2 1", "PRE_ACCEPTANCE 1 1",
				"WITHDRAWN 1 1");
		assertThat(rows(get("/api/v1/funnel?district=思明区&industry=电子信息").path("stages")))
			.isEqualTo(rows(funnel.path("stages")));

		JsonNode live = get("/api/v1/analytics").path("funnel");
		assertThat(rows(live.path("stages"))).containsExactly("SOLICITED 3 0", "CONTRACTED 2 1", "PRE_ACCEPTANCE 1 1");
		assertThat(live.path("withdrawn").asLong()).isEqualTo(1);
		assertThat(live.path("conversion").toString())
			.isEqualTo("{\"solicitedToContracted\":0.6667,\"contractedToPreAcceptance\":0.5,\"endToEnd\":0.3333}");
		JsonNode stalled = get("/api/v1/analytics").path("stalled");
		assertThat(stalled.path("byStage").toString()).isEqualTo("{\"SOLICITED\":0,\"CONTRACTED\":1}");
		assertThat(stalled.path("pilots").get(0).path("uscc").asString()).isEqualTo(LATE.value());
		assertThat(stalled.path("pilots").get(0).path("since").asString()).isEqualTo("2024-03-10T02:00:00Z");
	}

	@Test
	void answersAsOfADateAndAsKnownAtAnInstantAsBefore() {
		JsonNode january = get("/api/v1/analytics?asOf=2024-01-31").path("funnel");
		assertThat(rows(january.path("stages"))).containsExactly("SOLICITED 3 3", "CONTRACTED 0 0",
				"PRE_ACCEPTANCE 0 0");
		JsonNode february = get("/api/v1/analytics?asOf=2024-02-15").path("funnel");
		assertThat(rows(february.path("stages"))).containsExactly("SOLICITED 3 1", "CONTRACTED 1 1",
				"PRE_ACCEPTANCE 0 0");
		assertThat(february.path("withdrawn").asLong()).isEqualTo(1);
		JsonNode april = get("/api/v1/analytics?knownAt=2024-04-01T00:00:00Z").path("funnel");
		assertThat(rows(april.path("stages"))).containsExactly("SOLICITED 3 1", "CONTRACTED 1 1", "PRE_ACCEPTANCE 0 0");
		JsonNode restatement = get(
				"/api/v1/analytics/restatement?asOf=2024-03-31&from=2024-04-01T00:00:00Z&to=2024-06-01T00:00:00Z");
		assertThat(restatement.path("changes")).hasSize(1);
		assertThat(restatement.path("changes").get(0).path("uscc").asString()).isEqualTo(LATE.value());
		assertThat(restatement.path("changes").get(0).path("reason").asString()).isEqualTo("LATE_REPORT");
		assertThat(restatement.path("changes").get(0).path("milestones").get(0).path("id").asString()).isEqualTo("c-1");
	}

	@Test
	void keepsTheHistoryAsARebuildWouldWriteItAndGoesOnFromTheOldVersions() {
		Map<Stage, Instant> furthest = new LinkedHashMap<>();
		furthest.put(PilotStages.SOLICITED, Instant.parse("2024-01-10T02:00:00Z"));
		furthest.put(PilotStages.CONTRACTED, Instant.parse("2024-02-01T02:00:00Z"));
		furthest.put(PilotStages.PRE_ACCEPTANCE, Instant.parse("2024-05-01T02:00:00.123456Z"));
		assertThat(this.db
			.sql("SELECT CAST(reached_at AS text) AS r, since FROM change_log WHERE uscc = :uscc " + "AND version = 3")
			.bind("uscc", FURTHEST.value())
			.map((row) -> row.get("r", String.class) + " "
					+ row.get("since", java.time.OffsetDateTime.class).toInstant())
			.one()
			.block())
			.isEqualTo(this.db.sql("SELECT CAST(CAST(:json AS jsonb) AS text) AS r")
				.bind("json", StoredJson.reachedAt(furthest))
				.map((row) -> row.get("r", String.class))
				.one()
				.block() + " 2024-05-01T02:00:00.123456Z");

		Map<Stage, Instant> contracted = new LinkedHashMap<>();
		contracted.put(PilotStages.SOLICITED, Instant.parse("2024-01-10T02:00:00Z"));
		contracted.put(PilotStages.CONTRACTED, Instant.parse("2024-03-10T02:00:00Z"));
		Map<Stage, Instant> preAcceptance = new LinkedHashMap<>(contracted);
		preAcceptance.put(PilotStages.PRE_ACCEPTANCE, Instant.parse("2024-06-01T02:00:00Z"));
		StageChanged next = StageChanges.of("pilot", LATE, PilotStages.CONTRACTED, PilotStages.PRE_ACCEPTANCE, 3,
				preAcceptance, Instant.parse("2024-06-01T02:00:00Z"), Instant.parse("2024-06-02T00:00:00Z"), "思明区",
				"电子信息", "ceprei", Map.of());
		StageChanged again = StageChanges.of("pilot", LATE, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2,
				contracted, Instant.parse("2024-03-10T02:00:00Z"), Instant.parse("2024-05-01T00:00:00Z"), "思明区", "电子信息",
				"ceprei", Map.of());

		assertThat(this.store.apply(List.of(again, next)).block()).as("version 2 applied before, 3 new").isEqualTo(1);

		assertThat(rows(get("/api/v1/funnel").path("stages"))).containsExactly("SOLICITED 3 0", "CONTRACTED 2 0",
				"PRE_ACCEPTANCE 2 2", "WITHDRAWN 1 1");
	}

	private JsonNode get(String uri) {
		return this.http.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static List<String> rows(JsonNode stages) {
		List<String> rows = new ArrayList<>();
		stages.forEach((stage) -> rows.add(stage.path("stage").asString() + " " + stage.path("reached").asLong() + " "
				+ stage.path("current").asLong()));
		return rows;
	}

	private static Uscc uscc(String seed) {
		String first17 = ("9135020" + seed + "MA2YQ8LX3").substring(0, 17);
		return new Uscc(first17 + Uscc.checkCharacterFor(first17));
	}

}
