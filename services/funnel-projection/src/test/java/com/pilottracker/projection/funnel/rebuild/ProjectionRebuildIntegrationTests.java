package com.pilottracker.projection.funnel.rebuild;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.StageChangedCodec;
import com.pilottracker.contracts.Topics;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.projection.StageChanges;
import com.pilottracker.contracts.WireRecord;
import com.pilottracker.projection.funnel.store.Rebuilds;
import com.pilottracker.testsupport.ConsumerLag;
import com.pilottracker.testsupport.ImportPilotInfrastructure;
import com.pilottracker.testsupport.Infrastructure;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import com.pilottracker.testsupport.PilotStages;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild on the real broker and database, while the funnel is read and changes keep
 * arriving. Small batches make the rebuild last long enough to be watched. Its context
 * differs from the other integration tests', so when they run in the same JVM it is a
 * second instance of the projection in the same consumer group: the other one keeps
 * applying its partitions live while this one rebuilds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pilot.projection.rebuild.batch-size=50", "pilot.projection.rebuild.status-refresh=200ms" })
@AutoConfigureWebTestClient(timeout = "PT120S")
@ImportPilotInfrastructure
class ProjectionRebuildIntegrationTests {

	static final Instant TIME = Instant.parse("2024-04-01T00:00:00Z");

	/** The rebuild lock's key (Rebuilds.LOCK_CLASS, LOCK_OBJECT). */
	static final String LOCK_KEY = 0x50524f4a + ", 1";

	static final String REBUILD = "/api/v1/admin/projection/rebuild";

	static KafkaProducer<String, byte[]> producer;

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient anonymous;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Rebuilds rebuilds;

	WebTestClient http;

	WebClient client;

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
		this.client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader("Authorization", TestApiKeys.officeBearer())
			.build();
	}

	@Test
	void keepsThePreviousFiguresWhileItRebuildsAndSwapsInTheRowsTheyReplace() throws Exception {
		String district = "district-" + UUID.randomUUID();
		List<StageChanged> history = new ArrayList<>();
		for (int index = 0; index < 150; index++) {
			Uscc enterprise = enterprise();
			history.add(change(enterprise, null, PilotStages.SOLICITED, 1, district));
			if (index % 2 == 0) {
				history.add(change(enterprise, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, district));
			}
		}
		send(history.toArray(StageChanged[]::new));
		awaitNoLag();
		startFromTheLog();
		Rows before = rows();
		List<String> shapeBefore = shape();
		assertThat(shapeBefore).anyMatch((line) -> line.startsWith("change_log_recorded_at_idx: "))
			.anyMatch((line) -> line.contains("enterprise_pkey: PRIMARY KEY (programme, uscc)"))
			.contains("projection.change_log_seq_seq");
		long solicitedBefore = solicitedReached(read(null));
		assertThat(solicitedBefore).isGreaterThanOrEqualTo(150);

		// the funnel read every 5 ms, and a new enterprise solicited every 10 ms, from
		// before the rebuild starts until after it has swapped its tables in
		String arriving = "district-" + UUID.randomUUID();
		List<Map<String, Object>> reads = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicInteger sent = new AtomicInteger();
		AtomicBoolean feeding = new AtomicBoolean(true);
		Disposable reader = Flux.interval(Duration.ofMillis(5))
			.onBackpressureDrop()
			.concatMap((tick) -> this.client.get()
				.uri("/api/v1/funnel")
				.retrieve()
				.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
				}), 1)
			.subscribe(reads::add);
		// stopped by the flag, never interrupted: a send cut short might still arrive
		CompletableFuture<Void> feeder = Flux.interval(Duration.ofMillis(10))
			.onBackpressureDrop()
			.takeWhile((tick) -> feeding.get())
			.concatMap((tick) -> Mono.fromRunnable(() -> {
				send(change(enterprise(), null, PilotStages.SOLICITED, 1, arriving));
				sent.incrementAndGet();
			}).subscribeOn(Schedulers.boundedElastic()), 1)
			.then()
			.toFuture();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= 5 && reads.size() >= 5);
			int sentBefore = sent.get();

			this.http.post()
				.uri(REBUILD)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.changesRead")
				.value((read) -> assertThat(((Number) read).longValue()).isGreaterThanOrEqualTo(history.size()));

			int sentByTheSwap = sent.get();
			assertThat(sentByTheSwap).as("changes that arrived while the rebuild ran").isGreaterThan(sentBefore);
			await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= sentByTheSwap + 5);
		}
		finally {
			feeding.set(false);
			feeder.get(30, TimeUnit.SECONDS);
		}
		try {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(solicitedReached(read(arriving))).as("arrivals counted")
					.isEqualTo(sent.get()));
		}
		finally {
			reader.dispose();
		}

		List<Map<String, Object>> seen = List.copyOf(reads);
		assertThat(seen).as("reads while the rebuild ran")
			.anyMatch((answer) -> Boolean.TRUE.equals(answer.get("rebuilding")));
		assertThat(seen.get(seen.size() - 1).get("rebuilding")).isEqualTo(false);
		for (int index = 1; index < seen.size(); index++) {
			for (Stage stage : Programmes.pilot().allStages()) {
				assertThat(reached(seen.get(index), stage)).as("%s reached in read %d of %d", stage, index, seen.size())
					.isGreaterThanOrEqualTo(reached(seen.get(index - 1), stage));
			}
		}
		assertThat(solicitedReached(seen.get(0))).isGreaterThanOrEqualTo(solicitedBefore);

		// every row from before is there as it was, numbers and times of application
		// included; the only other rows are the arrivals', each once
		Rows after = rows();
		int arrived = sent.get();
		assertThat(after.enterprise()).containsAll(before.enterprise());
		assertThat(after.stageReached()).containsAll(before.stageReached());
		assertThat(added(before.stageReached(), after.stageReached())).hasSize(arrived);
		assertThat(after.funnelCount()).containsAll(before.funnelCount());
		assertThat(after.changeLog()).containsAll(before.changeLog());
		assertThat(added(before.enterprise(), after.enterprise())).hasSize(arrived)
			.allMatch((row) -> row.contains(arriving));
		assertThat(added(before.changeLog(), after.changeLog())).hasSize(arrived)
			.allMatch((row) -> row.contains(arriving));
		assertThat(added(before.funnelCount(), after.funnelCount()))
			.containsExactly("(" + arriving + ",新能源,SOLICITED," + arrived + "," + arrived + ",pilot,{})");
		assertThat(shadowTables()).isZero();
		// the same indexes and constraints, by name, and the history's sequence still
		// belongs to change_log.seq
		assertThat(shape()).isEqualTo(shapeBefore);
	}

	@Test
	void answers409WhileAnotherInstanceRebuildsAndSaysSoInEveryAnswer() throws SQLException {
		try (Connection other = database()) {
			assertThat(query(other, "SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")).isEqualTo("t");

			this.http.post()
				.uri(REBUILD)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.CONFLICT)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/rebuild-in-progress");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(read(null).get("rebuilding")).isEqualTo(true);
				assertThat(analytics().get("rebuilding")).isEqualTo(true);
				assertThat(this.meters.get("pilot.projection.rebuilding").gauge().value()).isEqualTo(1.0);
			});

			query(other, "SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(read(null).get("rebuilding")).isEqualTo(false);
			assertThat(analytics().get("rebuilding")).isEqualTo(false);
			assertThat(this.meters.get("pilot.projection.rebuilding").gauge().value()).isZero();
		});
		this.http.post().uri(REBUILD).exchange().expectStatus().isOk();
	}

	@Test
	void leavesThePreviousRowsWhenARebuildIsStoppedBeforeItsSwap() throws Exception {
		send(change(enterprise(), null, PilotStages.SOLICITED, 1, "district-" + UUID.randomUUID()));
		awaitNoLag();
		startFromTheLog();
		Rows before = rows();
		List<String> shapeBefore = shape();
		Map<String, Object> funnelBefore = read(null);

		CompletableFuture<ResponseEntity<String>> rebuild;
		try (Connection holder = database()) {
			// a transaction that keeps writers off the live enterprise table: the rebuild
			// builds everything beside it, then waits for its swap
			holder.setAutoCommit(false);
			execute(holder, "LOCK TABLE projection.enterprise IN SHARE MODE");
			rebuild = this.client.post()
				.uri(REBUILD)
				.exchangeToMono((response) -> response.toEntity(String.class))
				.toFuture();
			try (Connection watcher = database()) {
				await().atMost(Duration.ofSeconds(60))
					.until(() -> Long.parseLong(query(watcher, "SELECT count(*) FROM pg_stat_activity "
							+ "WHERE wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE enterprise, stage_reached%'")) == 1);
				assertThat(shadowTables()).isEqualTo(4);
				assertThat(query(watcher, "SELECT count(*) FROM projection.enterprise_rebuild"))
					.isEqualTo(query(watcher, "SELECT count(*) FROM projection.enterprise"));

				this.http.post()
					.uri(REBUILD)
					.exchange()
					.expectStatus()
					.isEqualTo(HttpStatus.CONFLICT)
					.expectBody()
					.jsonPath("$.type")
					.isEqualTo("/problems/rebuild-in-progress");
				Map<String, Object> during = read(null);
				assertThat(during.get("rebuilding")).isEqualTo(true);
				assertThat(during.get("stages")).isEqualTo(funnelBefore.get("stages"));

				// stopped: the connection the rebuild writes through, and holds its lock
				// on,
				// is ended
				assertThat(query(watcher,
						"SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted "
								+ "AND classid = " + 0x50524f4a + " AND objid = 1 AND objsubid = 2"))
					.isEqualTo("t");
			}
			ResponseEntity<String> failed = rebuild.get(60, TimeUnit.SECONDS);
			assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(failed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(failed.getBody()).contains("/problems/rebuild-failed");
			holder.rollback();
		}

		assertThat(rows()).isEqualTo(before);
		assertThat(shadowTables()).isZero();
		assertThat(shape()).isEqualTo(shapeBefore);
		await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(read(null).get("rebuilding")));
		assertThat(read(null).get("stages")).isEqualTo(funnelBefore.get("stages"));
		this.http.post().uri(REBUILD).exchange().expectStatus().isOk();
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void dropsAtStartTheTablesOfARebuildWhoseProcessStoppedUnlessOneRunsNow() throws SQLException {
		Rows before = rows();
		try (Connection connection = database()) {
			// what a rebuild killed part-way leaves: its tables, half filled, and no lock
			for (String table : List.of("enterprise", "stage_reached", "funnel_count", "change_log")) {
				execute(connection,
						"CREATE TABLE projection." + table + "_rebuild (LIKE projection." + table + " INCLUDING ALL)");
			}
			execute(connection,
					"INSERT INTO projection.enterprise_rebuild SELECT * FROM projection.enterprise LIMIT 1");
			try (Connection other = database()) {
				query(other, "SELECT pg_advisory_lock(" + LOCK_KEY + ")");
				this.rebuilds.dropAbandoned();
				assertThat(shadowTables()).as("left alone while a rebuild runs elsewhere").isEqualTo(4);
			}

			this.rebuilds.dropAbandoned();
		}

		assertThat(shadowTables()).isZero();
		assertThat(rows()).isEqualTo(before);
	}

	/**
	 * Brings the tables to what the log gives: tests that apply changes straight to the
	 * store (FunnelStoreTests) leave rows no log holds, which a rebuild rightly drops.
	 */
	private void startFromTheLog() {
		this.http.post().uri(REBUILD).exchange().expectStatus().isOk();
	}

	private void awaitNoLag() {
		String kafka = TestInfrastructure.get().kafkaBootstrapServers();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ConsumerLag.of(kafka, "funnel-projection", Topics.STAGE_CHANGES) == 0);
	}

	private Map<String, Object> read(String district) {
		return this.http.get()
			.uri((uri) -> uri.path("/api/v1/funnel")
				.queryParamIfPresent("district", java.util.Optional.ofNullable(district))
				.build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> analytics() {
		return this.http.get()
			.uri("/api/v1/analytics")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static long reached(Map<String, Object> funnel, Stage stage) {
		for (Map<String, Object> row : (List<Map<String, Object>>) funnel.get("stages")) {
			if (stage.name().equals(row.get("stage"))) {
				return ((Number) row.get("reached")).longValue();
			}
		}
		throw new IllegalStateException("no " + stage + " in " + funnel);
	}

	private static long solicitedReached(Map<String, Object> funnel) {
		return reached(funnel, PilotStages.SOLICITED);
	}

	private static List<String> added(List<String> before, List<String> after) {
		List<String> added = new ArrayList<>(after);
		added.removeAll(before);
		return added;
	}

	/** Every row of the projection's tables, as text, in key order. */
	private static Rows rows() throws SQLException {
		try (Connection connection = database()) {
			return new Rows(
					list(connection, "SELECT CAST(e AS text) FROM projection.enterprise e ORDER BY programme, uscc"),
					list(connection,
							"SELECT CAST(s AS text) FROM projection.stage_reached s ORDER BY programme, uscc, stage"),
					list(connection,
							"SELECT CAST(f AS text) FROM projection.funnel_count f "
									+ "ORDER BY programme, district, industry, attributes, stage"),
					list(connection, "SELECT CAST(c AS text) FROM projection.change_log c ORDER BY seq"));
		}
	}

	/**
	 * The tables' indexes and constraints, by name and definition, and the sequence
	 * {@code change_log.seq} draws from.
	 */
	private static List<String> shape() throws SQLException {
		try (Connection connection = database()) {
			List<String> shape = new ArrayList<>(list(connection,
					"SELECT indexname || ': ' || indexdef FROM pg_indexes "
							+ "WHERE schemaname = 'projection' AND tablename IN ('enterprise', 'stage_reached', 'funnel_count', 'change_log') "
							+ "ORDER BY indexname"));
			shape.addAll(list(connection,
					"SELECT conrelid::regclass || ' ' || conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint "
							+ "WHERE connamespace = 'projection'::regnamespace "
							+ "AND conrelid::regclass::text IN ('enterprise', 'stage_reached', 'funnel_count', 'change_log', "
							+ "'projection.enterprise', 'projection.stage_reached', 'projection.funnel_count', "
							+ "'projection.change_log') " + "ORDER BY 1"));
			shape.add(query(connection, "SELECT pg_get_serial_sequence('projection.change_log', 'seq')"));
			return shape;
		}
	}

	/** How many of the rebuild's own tables exist. */
	private static int shadowTables() throws SQLException {
		try (Connection connection = database()) {
			return Integer.parseInt(query(connection,
					"SELECT count(*) FROM pg_tables WHERE schemaname = 'projection' AND tablename LIKE '%\\_rebuild'"));
		}
	}

	private static Connection database() throws SQLException {
		Infrastructure infrastructure = TestInfrastructure.get();
		return DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.postgresUser(),
				infrastructure.postgresPassword());
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static List<String> list(Connection connection, String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				rows.add(result.getString(1));
			}
		}
		return rows;
	}

	static void send(StageChanged... changes) {
		StageChanges.send(producer, List.of(changes));
	}

	static StageChanged change(Uscc enterprise, Stage from, Stage to, long version, String district) {
		return StageChanges.pilot(enterprise, from, to, version, district, "新能源", TIME, false);
	}

	static Uscc enterprise() {
		String first17 = ("91350206" + UUID.randomUUID().toString().replaceAll("[^0-9]", "") + "000000000").substring(0,
				17);
		return new Uscc(first17 + Uscc.checkCharacterFor(first17));
	}

	/**
	 * The projection's rows.
	 *
	 * @param enterprise {@code enterprise}, by programme and USCC
	 * @param stageReached {@code stage_reached}, by programme, USCC and stage
	 * @param funnelCount {@code funnel_count}, by key
	 * @param changeLog {@code change_log}, by position
	 */
	record Rows(List<String> enterprise, List<String> stageReached, List<String> funnelCount, List<String> changeLog) {
	}

}
