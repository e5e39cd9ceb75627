package com.pilottracker.runner.upgrade;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pilottracker.infra.embedded.EmbeddedKafkaBroker;
import com.pilottracker.infra.embedded.EmbeddedPostgresServer;
import com.pilottracker.runner.PilotSystem;
import com.pilottracker.runner.ServicePorts;
import com.pilottracker.runner.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upgrade in place (issue 13 item 7): a database and topics written by the previous
 * release start under this code with identical pilot figures, receipts and as-of answers.
 * <p>
 * The fixture ({@code src/test/resources/upgrade/release-0.1}, its README says how it was
 * made) is what release 0.1 (commit fbd2c8f) left after a small pilot run over HTTP:
 * every table of the four schemas as CSV, every record of every topic, the consumer
 * groups' offsets, and the answers that release gave. This test puts it back as an
 * operator's upgrade would find it: each schema migrated by this code's migrations only
 * up to the version the release had reached, the release's rows copied in, the topics
 * written again record for record (same partition, offset, key, headers, timestamp and
 * value) and the groups' offsets committed. Then this code's three services start on it
 * (migrating further themselves) and must answer as the release did, field for field;
 * fields this code adds are allowed, none of the release's may change, except the few
 * that can never be equal ({@link #IGNORED}). Last, a milestone posted after the upgrade
 * is applied and counted.
 */
@Tag("system")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeInPlaceSystemTests {

	static final Path FIXTURE = Path.of("src/test/resources/upgrade/release-0.1").toAbsolutePath();

	static final Path WORK = Path.of("target/upgrade-in-place").toAbsolutePath();

	static final Path SERVICES = Path.of("..").toAbsolutePath().normalize();

	/** Where this code keeps each schema's migrations. */
	static final Map<String, Path> MIGRATIONS = Map.of("access",
			SERVICES.resolve("access/src/main/resources/db/access"), "gateway",
			SERVICES.resolve("milestone-gateway/src/main/resources/db/migration"), "lifecycle",
			SERVICES.resolve("pilot-lifecycle/src/main/resources/db/migration"), "projection",
			SERVICES.resolve("funnel-projection/src/main/resources/db/migration"));

	/**
	 * The recorded fields that are not compared, by answer file, as JSON pointers; the
	 * fixture's README says the same.
	 * <ul>
	 * <li>{@code /generatedAt} of every analytics answer: the instant the answer was
	 * computed, the request's clock.</li>
	 * <li>{@code /stalled} of the live analytics (no {@code asOf}): days waiting are
	 * measured to the request's clock, so they grow, and pilots become stalled, as time
	 * passes; with an {@code asOf} in the past they are measured to its end and compared.
	 * </li>
	 * <li>{@code /definitions} of every analytics answer: the prose explaining each
	 * figure. It is the code's, not the data's (an empty database gets the same words),
	 * so an upgrade cannot change it; this work writes it from the programme's
	 * definition.</li>
	 * </ul>
	 */
	static final Map<String, Set<String>> IGNORED = Map.of("analytics-live.json",
			Set.of("/generatedAt", "/stalled", "/definitions"), "analytics-asof-first.json",
			Set.of("/generatedAt", "/definitions"), "analytics-asof-second.json",
			Set.of("/generatedAt", "/definitions"), "analytics-asof-everything.json",
			Set.of("/generatedAt", "/definitions"), "analytics-knownat-middle.json",
			Set.of("/generatedAt", "/definitions"), "analytics-knownat-end.json",
			Set.of("/generatedAt", "/definitions"));

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static JsonNode manifest;

	static EmbeddedPostgresServer postgres;

	static EmbeddedKafkaBroker kafka;

	static PilotSystem system;

	@BeforeAll
	static void restoreTheReleasesDataAndStartThisCodeOnIt() throws Exception {
		manifest = JSON.readTree(FIXTURE.resolve("manifest.json").toFile());
		deleteRecursively(WORK);
		postgres = EmbeddedPostgresServer.start(WORK.resolve("postgres"), 0, false);
		kafka = EmbeddedKafkaBroker.start(WORK.resolve("kafka"), 0);
		restoreDatabase();
		restoreTopics();
		Map<String, String> environment = new HashMap<>();
		environment.put("PILOT_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
		environment.put("PILOT_POSTGRES_URL", postgres.url());
		environment.put("PILOT_POSTGRES_USER", EmbeddedPostgresServer.USER);
		environment.put("PILOT_POSTGRES_PASSWORD", "");
		// the release ran with this bootstrap key; it is in the restored access.api_key
		environment.put("PILOT_BOOTSTRAP_OFFICE_KEY", key("office"));
		Map<ServiceProcess.Service, ServicePorts> ports = new EnumMap<>(ServiceProcess.Service.class);
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			ports.put(service, ServicePorts.free());
		}
		system = PilotSystem.start(Path.of(System.getProperty("pilot.services.directory", "target/services")),
				WORK.resolve("logs"), ports, environment, Duration.ofMinutes(3));
		// the projection's lag is known (-1 until first read) and nothing waits
		await().atMost(Duration.ofSeconds(60))
			.until(() -> json(get("office", ServiceProcess.Service.PROJECTION, "/api/v1/analytics")).path("lag")
				.path("events")
				.asLong() == 0);
	}

	@AfterAll
	static void stop() {
		if (system != null) {
			system.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	@Order(1)
	void answersTheFunnelAndTheAnalyticsAsOfDatesAndAsKnownAtInstantsAsTheReleaseDid() {
		// awaited: a service may still be settling (a projection rebuild at start, say);
		// a difference that stays fails with every field that differs
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			List<String> differences = new ArrayList<>();
			for (JsonNode answer : manifest.path("answers")) {
				if (!answer.has("caller")) {
					continue;
				}
				String file = answer.path("file").asString();
				JsonNode recorded = JSON.readTree(FIXTURE.resolve(file).toFile());
				JsonNode actual = json(get(answer.path("caller").asString(), ServiceProcess.Service.PROJECTION,
						answer.path("path").asString()));
				String name = Path.of(file).getFileName().toString();
				compare(file, "", recorded, actual, IGNORED.getOrDefault(name, Set.of()), differences);
			}
			assertThat(differences).as("answers that differ from the release's").isEmpty();
		});
	}

	@Test
	@Order(2)
	void keepsEveryReceiptAsTheReleaseLeftItForTheCallerWhoPostedIt() {
		JsonNode receipts = JSON.readTree(FIXTURE.resolve("answers/receipts.json").toFile());
		assertThat(receipts.size()).isGreaterThan(80);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			List<String> differences = new ArrayList<>();
			for (JsonNode entry : receipts) {
				String id = entry.path("id").asString();
				String source = entry.path("source").asString();
				JsonNode actual = json(
						get(entry.path("caller").asString(), ServiceProcess.Service.GATEWAY, receiptPath(id, source)));
				compare("receipt " + source + " " + id, "", entry.path("receipt"), actual, Set.of(), differences);
			}
			assertThat(differences).as("receipts that differ from the release's").isEmpty();
		});
	}

	@Test
	@Order(3)
	void ranTheReleasesMigrationsAsTheReleaseDid() throws Exception {
		// a migration the release ran must not have been edited since: a real database
		// would refuse to start (Flyway validates checksums)
		try (Connection connection = connect()) {
			for (Map.Entry<String, JsonNode> schema : manifest.path("schemas").properties()) {
				for (JsonNode migration : schema.getValue().path("flywayHistory")) {
					if (migration.path("version").isNull()) {
						// Flyway's own row: the schema's creation
						continue;
					}
					try (Statement statement = connection.createStatement();
							ResultSet rows = statement.executeQuery("SELECT checksum FROM " + schema.getKey()
									+ ".flyway_schema_history WHERE version = '" + migration.path("version").asString()
									+ "'")) {
						assertThat(rows.next()).as(schema.getKey() + " " + migration).isTrue();
						assertThat(rows.getInt(1)).as(schema.getKey() + " " + migration)
							.isEqualTo(migration.path("checksum").asInt());
					}
				}
			}
		}
	}

	@Test
	@Order(4)
	void appliesAndCountsAMilestonePostedAfterTheUpgrade() throws Exception {
		// a contracted enterprise of the fixture, by the provider it is contracted with
		JsonNode contract = receipt("/providers/xm-digital", "c-12");
		assertThat(contract.path("status").asString()).isEqualTo("APPLIED");
		String uscc = contract.path("subject").asString();
		JsonNode before = json(get("office", ServiceProcess.Service.PROJECTION, "/api/v1/funnel"));
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("specversion", "1.0");
		event.put("id", "p-12-after-the-upgrade");
		event.put("source", "/providers/xm-digital");
		event.put("type", "pilot.pre-acceptance");
		event.put("subject", uscc);
		event.put("time",
				OffsetDateTime.now(ZoneOffset.ofHours(8)).minusHours(1).truncatedTo(ChronoUnit.SECONDS).toString());
		event.put("data", Map.of());

		HttpResponse<String> posted = post("xm-digital", "/api/v1/milestones", "application/cloudevents+json", event);

		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(
					receipt("/providers/xm-digital", "p-12-after-the-upgrade").path("status").asString())
				.isEqualTo("APPLIED"));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode after = json(get("office", ServiceProcess.Service.PROJECTION, "/api/v1/funnel"));
			assertThat(stage(after, "SOLICITED")).isEqualTo(stage(before, "SOLICITED"));
			assertThat(stage(after, "CONTRACTED")).containsExactly(stage(before, "CONTRACTED").get(0),
					stage(before, "CONTRACTED").get(1) - 1);
			assertThat(stage(after, "PRE_ACCEPTANCE")).containsExactly(stage(before, "PRE_ACCEPTANCE").get(0) + 1,
					stage(before, "PRE_ACCEPTANCE").get(1) + 1);
		});
	}

	// ---------------------------------------------------------------- restoring

	/**
	 * Each schema migrated by this code up to the release's version, then the release's
	 * rows (the migrations' seed rows replaced), then its sequences.
	 */
	static void restoreDatabase() throws Exception {
		for (Map.Entry<String, JsonNode> schema : manifest.path("schemas").properties()) {
			Path migrations = MIGRATIONS.get(schema.getKey());
			assertThat(migrations).as(schema.getKey()).isDirectory();
			Flyway.configure()
				.dataSource(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "")
				.schemas(schema.getKey())
				.defaultSchema(schema.getKey())
				.locations("filesystem:" + migrations)
				.target(MigrationVersion.fromVersion(schema.getValue().path("flywayVersion").asString()))
				.load()
				.migrate();
		}
		try (Connection connection = connect()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET TimeZone = 'UTC'");
			}
			PGConnection copying = connection.unwrap(PGConnection.class);
			for (Map.Entry<String, JsonNode> schema : manifest.path("schemas").properties()) {
				for (JsonNode table : schema.getValue().path("tables")) {
					String name = schema.getKey() + "." + table.path("table").asString();
					String csv = Files.readString(FIXTURE.resolve(table.path("file").asString()));
					String columns = csv.substring(0, csv.indexOf('\n'));
					try (Statement statement = connection.createStatement()) {
						statement.execute("TRUNCATE " + name);
					}
					long rows = copying.getCopyAPI()
						.copyIn("COPY " + name + " (" + columns + ") FROM STDIN WITH (FORMAT csv, HEADER true)",
								new StringReader(csv));
					assertThat(rows).as(name).isEqualTo(table.path("rows").asLong());
				}
				for (Map.Entry<String, JsonNode> sequence : schema.getValue().path("sequences").properties()) {
					try (Statement statement = connection.createStatement()) {
						statement.execute("SELECT setval('" + schema.getKey() + "." + sequence.getKey() + "', "
								+ sequence.getValue().path("lastValue").asLong() + ", "
								+ sequence.getValue().path("isCalled").asBoolean() + ")");
					}
				}
			}
			connection.commit();
		}
	}

	/**
	 * The topics with their partitions and settings, every record written again where it
	 * was (same partition and offset, key, headers, timestamp and value), then the
	 * consumer groups' committed offsets.
	 */
	static void restoreTopics() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
			List<NewTopic> topics = new ArrayList<>();
			for (Map.Entry<String, JsonNode> topic : manifest.path("topics").properties()) {
				Map<String, String> config = new HashMap<>();
				topic.getValue()
					.path("config")
					.properties()
					.forEach((entry) -> config.put(entry.getKey(), entry.getValue().asString()));
				topics.add(new NewTopic(topic.getKey(), topic.getValue().path("partitions").asInt(), (short) 1)
					.configs(config));
			}
			admin.createTopics(topics).all().get();
			try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
					Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "enable.idempotence", "true",
							"max.in.flight.requests.per.connection", "1", "linger.ms", "0"),
					new ByteArraySerializer(), new ByteArraySerializer())) {
				for (JsonNode topic : manifest.path("topics")) {
					if (!topic.has("file")) {
						continue;
					}
					for (String line : Files.readAllLines(FIXTURE.resolve(topic.path("file").asString()))) {
						if (!line.isBlank()) {
							republish(producer, JSON.readTree(line));
						}
					}
				}
			}
			for (Map.Entry<String, JsonNode> group : manifest.path("consumerGroups").properties()) {
				Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
				for (JsonNode committed : group.getValue()) {
					offsets.put(
							new TopicPartition(committed.path("topic").asString(), committed.path("partition").asInt()),
							new OffsetAndMetadata(committed.path("offset").asLong()));
				}
				admin.alterConsumerGroupOffsets(group.getKey(), offsets).all().get();
			}
		}
	}

	private static void republish(KafkaProducer<byte[], byte[]> producer, JsonNode line) throws Exception {
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(line.path("topic").asString(),
				line.path("partition").asInt(), line.path("timestamp").asLong(),
				line.path("key").isNull() ? null : line.path("key").asString().getBytes(StandardCharsets.UTF_8),
				line.path("value").isNull() ? null : Base64.getDecoder().decode(line.path("value").asString()));
		line.path("headers")
			.properties()
			.forEach((header) -> record.headers()
				.add(header.getKey(),
						header.getValue().isNull() ? null : Base64.getDecoder().decode(header.getValue().asString())));
		RecordMetadata written = producer.send(record).get();
		// the release's log had no gaps (no transactions, nothing compacted away): each
		// record lands where it was, so the groups' offsets mean what they meant
		assertThat(written.offset()).as(line.path("topic").asString() + "-" + line.path("partition").asInt())
			.isEqualTo(line.path("offset").asLong());
		assertThat(written.timestamp()).isEqualTo(line.path("timestamp").asLong());
	}

	// ---------------------------------------------------------------- comparing

	/**
	 * Notes in {@code differences} each field of {@code recorded} that {@code actual}
	 * lacks or has with another value, by JSON pointer; fields only {@code actual} has
	 * are this code's additions and pass; arrays must match element for element.
	 */
	static void compare(String answer, String pointer, JsonNode recorded, JsonNode actual, Set<String> ignored,
			List<String> differences) {
		if (ignored.contains(pointer)) {
			return;
		}
		if (actual == null || actual.isMissingNode()) {
			differences.add(answer + " " + pointer + ": missing, was " + recorded);
		}
		else if (recorded.isObject()) {
			if (!actual.isObject()) {
				differences.add(answer + " " + pointer + ": " + actual + ", was " + recorded);
				return;
			}
			recorded.properties()
				.forEach((field) -> compare(answer, pointer + "/" + field.getKey(), field.getValue(),
						actual.get(field.getKey()), ignored, differences));
		}
		else if (recorded.isArray()) {
			if (!actual.isArray() || actual.size() != recorded.size()) {
				differences.add(answer + " " + pointer + ": " + actual + ", was " + recorded);
				return;
			}
			for (int i = 0; i < recorded.size(); i++) {
				compare(answer, pointer + "/" + i, recorded.get(i), actual.get(i), ignored, differences);
			}
		}
		else if (recorded.isNumber() && actual.isNumber()) {
			if (recorded.decimalValue().compareTo(actual.decimalValue()) != 0) {
				differences.add(answer + " " + pointer + ": " + actual + ", was " + recorded);
			}
		}
		else if (!recorded.equals(actual)) {
			differences.add(answer + " " + pointer + ": " + actual + ", was " + recorded);
		}
	}

	/** Reached and current of a stage of {@code GET /api/v1/funnel}. */
	static List<Long> stage(JsonNode funnel, String stage) {
		for (JsonNode row : funnel.path("stages")) {
			if (stage.equals(row.path("stage").asString())) {
				return List.of(row.path("reached").asLong(), row.path("current").asLong());
			}
		}
		throw new AssertionError("no stage " + stage + " in " + funnel);
	}

	// ---------------------------------------------------------------- HTTP

	/** The raw key the release issued to {@code caller} ("office" or a provider). */
	static String key(String caller) {
		String key = manifest.path("keys").path(caller).asString();
		assertThat(key).as("the fixture's key of " + caller).isNotBlank();
		return key;
	}

	static JsonNode receipt(String source, String id) {
		String caller = source.startsWith("/providers/") ? source.substring("/providers/".length()) : "office";
		return json(get(caller, ServiceProcess.Service.GATEWAY, receiptPath(id, source)));
	}

	static String receiptPath(String id, String source) {
		return "/api/v1/milestones/" + enc(id) + "?source=" + enc(source);
	}

	static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	static HttpResponse<String> get(String caller, ServiceProcess.Service service, String path) {
		return send(HttpRequest.newBuilder(URI.create(system.url(service) + path))
			.header("Authorization", "Bearer " + key(caller))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build());
	}

	static HttpResponse<String> post(String caller, String path, String contentType, Object body) {
		return send(HttpRequest.newBuilder(URI.create(system.url(ServiceProcess.Service.GATEWAY) + path))
			.header("Authorization", "Bearer " + key(caller))
			.header("Content-Type", contentType)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
			.build());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Connection connect() throws java.sql.SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "");
	}

	static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (var paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
