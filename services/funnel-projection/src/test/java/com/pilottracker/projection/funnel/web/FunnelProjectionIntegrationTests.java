package com.pilottracker.projection.funnel.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pilottracker.access.ApiKeyRepository;
import com.pilottracker.access.ApiKeys;
import com.pilottracker.access.Role;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.projection.StageChanges;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.testsupport.ConsumerLag;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.TopicReader;
import com.pilottracker.testsupport.PilotStages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ImportPilotInfrastructure
class FunnelProjectionIntegrationTests {

	static final Instant TIME = Instant.parse("2024-04-01T00:00:00Z");

	static KafkaProducer<String, byte[]> producer;

	WebTestClient http;

	@Autowired
	WebTestClient anonymous;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ApiKeyRepository keys;

	@org.junit.jupiter.api.BeforeEach
	void office() {
		this.http = this.anonymous.mutate().defaultHeader("Authorization", TestApiKeys.officeBearer()).build();
	}

	@Autowired
	DatabaseClient db;

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

	@Test
	void countsReachedAndCurrentPerStageAndCountsARedeliveredChangeOnce() {
		String district = "district-" + UUID.randomUUID();
		Uscc first = enterprise("1");
		Uscc second = enterprise("2");
		Uscc third = enterprise("3");

		send(change(first, null, PilotStages.SOLICITED, 1, district, "电子信息"),
				change(first, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, district, "电子信息"),
				change(first, PilotStages.CONTRACTED, PilotStages.PRE_ACCEPTANCE, 3, district, "电子信息"),
				change(first, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, district, "电子信息"),
				change(second, null, PilotStages.SOLICITED, 1, district, "新能源"),
				change(second, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, district, "新能源"),
				change(second, PilotStages.CONTRACTED, PilotStages.WITHDRAWN, 3, district, "新能源"),
				change(third, null, PilotStages.SOLICITED, 1, district, "新能源"),
				change(third, null, PilotStages.SOLICITED, 1, district, "新能源"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(stages(district, null)).containsExactly(row("SOLICITED", 3, 1),
					row("CONTRACTED", 2, 0), row("PRE_ACCEPTANCE", 1, 1), row("WITHDRAWN", 1, 1)));
		assertThat(stages(district, "新能源")).containsExactly(row("SOLICITED", 2, 1), row("CONTRACTED", 1, 0),
				row("PRE_ACCEPTANCE", 0, 0), row("WITHDRAWN", 1, 1));
	}

	@Test
	void exposesTheFunnelAsPrometheusGauges() {
		String district = "district-" + UUID.randomUUID();

		send(change(enterprise("4"), null, PilotStages.SOLICITED, 1, district, "光学视讯"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(stages(district, null).get(0)).isEqualTo(row("SOLICITED", 1, 1)));
		long solicited = (long) stages(null, null).get(0).get("reached");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(prometheus()).contains(
					"pilot_funnel_reached{application=\"funnel-projection\",programme=\"pilot\",stage=\"SOLICITED\"} "
							+ solicited + ".0"));
	}

	@Test
	void deadLettersAnUnreadableChangeAndAppliesTheNextOne() {
		String district = "district-" + UUID.randomUUID();
		Uscc enterprise = enterprise("5");
		ProducerRecord<String, byte[]> unreadable = new ProducerRecord<>(Topics.STAGE_CHANGES, enterprise.value(),
				"not a stage change".getBytes(StandardCharsets.UTF_8));

		try {
			producer.send(unreadable).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		send(change(enterprise, null, PilotStages.SOLICITED, 1, district, "新材料"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(stages(district, null).get(0)).isEqualTo(row("SOLICITED", 1, 1)));
		try (TopicReader deadLetters = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(),
				Topics.STAGE_CHANGES + Topics.DEAD_LETTER_SUFFIX)) {
			ConsumerRecord<String, byte[]> dead = deadLetters
				.awaitRecord((record) -> enterprise.value().equals(record.key()), Duration.ofSeconds(30));
			assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not a stage change");
			assertThat(TopicReader.headers(dead)).containsKey("kafka_dlt-exception-message");
		}
	}

	@Test
	void rebuildsTheSameRowsFromTheLog() {
		String district = "district-" + UUID.randomUUID();
		Uscc first = enterprise("6");
		Uscc second = enterprise("7");
		send(change(first, null, PilotStages.SOLICITED, 1, district, "电子信息"),
				change(first, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, district, "电子信息"),
				change(second, null, PilotStages.SOLICITED, 1, district, "新能源"),
				change(second, PilotStages.SOLICITED, PilotStages.WITHDRAWN, 2, district, "新能源"),
				change(first, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, district, "电子信息"));
		String kafka = TestInfrastructure.get().kafkaBootstrapServers();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ConsumerLag.of(kafka, "funnel-projection", Topics.STAGE_CHANGES) == 0);
		// rows that FunnelStoreTests applied straight to the store are in no log: a first
		// rebuild drops them, so the rows compared are the log's
		this.http.post().uri("/api/v1/admin/projection/rebuild").exchange().expectStatus().isOk();
		List<String> before = rows();

		this.http.post()
			.uri("/api/v1/admin/projection/rebuild")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.changesRead")
			.value((read) -> assertThat(((Number) read).longValue()).isGreaterThanOrEqualTo(5));

		assertThat(rows()).isEqualTo(before);
		assertThat(before).anyMatch((row) -> row.contains(first.value()));
		assertThat(stages(district, null)).containsExactly(row("SOLICITED", 2, 0), row("CONTRACTED", 1, 1),
				row("PRE_ACCEPTANCE", 0, 0), row("WITHDRAWN", 1, 1));
	}

	/** Every row of the projection's tables, as text, in key order. */
	private List<String> rows() {
		List<String> rows = new java.util.ArrayList<>(
				this.db.sql("SELECT CAST(e AS text) AS r FROM enterprise e ORDER BY programme, uscc")
					.map((row) -> row.get("r", String.class))
					.all()
					.collectList()
					.block());
		rows.addAll(this.db.sql("SELECT CAST(s AS text) AS r FROM stage_reached s ORDER BY programme, uscc, stage")
			.map((row) -> row.get("r", String.class))
			.all()
			.collectList()
			.block());
		rows.addAll(this.db
			.sql("SELECT CAST(f AS text) AS r FROM funnel_count f "
					+ "ORDER BY programme, district, industry, attributes, stage")
			.map((row) -> row.get("r", String.class))
			.all()
			.collectList()
			.block());
		// the history too, with each change's number and time of application
		rows.addAll(this.db.sql("SELECT CAST(c AS text) AS r FROM change_log c ORDER BY seq")
			.map((row) -> row.get("r", String.class))
			.all()
			.collectList()
			.block());
		return rows;
	}

	@Test
	void aViewerReadsTheFunnelButMayNotRebuildIt() {
		ApiKeys.Issued issued = ApiKeys.generate();
		this.keys.insert(issued, "leadership-" + issued.keyId(), Role.VIEWER, null, "test", Instant.now()).block();
		WebTestClient viewer = this.anonymous.mutate().defaultHeader("Authorization", "Bearer " + issued.key()).build();

		viewer.get().uri("/api/v1/funnel").exchange().expectStatus().isOk();
		viewer.post()
			.uri("/api/v1/admin/projection/rebuild")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void theFunnelNeedsAKey() {
		this.anonymous.get()
			.uri("/api/v1/funnel")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unauthenticated");
	}

	@Test
	void keepsTheGaugesOffTheServicePort() {
		String refused = this.anonymous.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(refused).doesNotContain("pilot_funnel");
		this.http.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
		this.http.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
	}

	@Test
	void answersAnOverlongFilterWith400Problem() {
		this.http.get()
			.uri("/api/v1/funnel?district={d}", "x".repeat(65))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> stages(String district, String industry) {
		Map<String, Object> body = this.http.get()
			.uri((uri) -> uri.path("/api/v1/funnel")
				.queryParamIfPresent("district", java.util.Optional.ofNullable(district))
				.queryParamIfPresent("industry", java.util.Optional.ofNullable(industry))
				.build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((List<Map<String, Object>>) body.get("stages")).stream()
			.map((stage) -> Map.of("stage", stage.get("stage"), "reached", ((Number) stage.get("reached")).longValue(),
					"current", ((Number) stage.get("current")).longValue()))
			.toList();
	}

	/** The scrape, on the management port, without a key. */
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

	static Map<String, Object> row(String stage, long reached, long current) {
		return Map.of("stage", stage, "reached", reached, "current", current);
	}

	static void send(StageChanged... changes) {
		StageChanges.send(producer, List.of(changes));
	}

	static StageChanged change(Uscc enterprise, Stage from, Stage to, long version, String district, String industry) {
		return StageChanges.pilot(enterprise, from, to, version, district, industry, TIME, false);
	}

	static Uscc enterprise(String seed) {
		String first17 = ("91350206" + UUID.randomUUID().toString().replaceAll("[^0-9]", "") + "000000000").substring(0,
				17);
		return new Uscc(first17 + Uscc.checkCharacterFor(first17));
	}

}
