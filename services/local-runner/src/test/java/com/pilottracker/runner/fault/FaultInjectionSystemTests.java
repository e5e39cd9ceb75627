package com.pilottracker.runner.fault;

import java.io.IOException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Topics;
import com.pilottracker.infra.embedded.EmbeddedPostgresServer;
import com.pilottracker.infra.embedded.KafkaBrokerProcess;
import com.pilottracker.runner.ServiceProcess;
import com.pilottracker.runner.ServicePorts;
import com.pilottracker.runner.demo.OfficeApi;
import com.pilottracker.testsupport.ConsumerLag;
import com.pilottracker.testsupport.TestApiKeys;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing accepted is lost or counted twice, whatever happens: the services run as
 * separate processes (their real jars), two instances each of the lifecycle and the
 * projection in the same consumer groups, on a broker process and a PostgreSQL process of
 * their own. Under a load of more than 20,000 milestones (duplicates, out-of-order steps,
 * illegal steps, unreadable records), every consumer instance is killed with
 * {@code kill -9} twice and restarted, the broker is killed once and restarted, and
 * PostgreSQL is stopped with {@code -m immediate} once and restarted. After draining, the
 * funnel must equal the ground truth the test counts from what it generated, every
 * accepted milestone must have its final receipt, and the gateway must have answered 503
 * with a problem body and {@code Retry-After}, never a 500, never a hang.
 */
@Tag("fault")
class FaultInjectionSystemTests {

	static final int MILESTONES = 20_000;

	static final int UNREADABLE = 50;

	static final int CONCURRENCY = 16;

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	final Map<String, Instance> instances = new LinkedHashMap<>();

	final Map<String, Integer> kills = new ConcurrentHashMap<>();

	Path work;

	Map<String, String> environment;

	@Test
	void keepsTheFunnelExactThroughKilledServicesABrokerCrashAndADatabaseCrash() throws Exception {
		long seed = Long.getLong("pilot.fault.seed", System.nanoTime());
		Random random = new Random(seed);
		this.work = Path.of("target/fault-test").toAbsolutePath();
		deleteRecursively(this.work);
		FaultScenario scenario = new FaultScenario(seed, MILESTONES, Instant.now());
		KafkaBrokerProcess broker = KafkaBrokerProcess.start(this.work.resolve("kafka"), 0,
				this.work.resolve("logs/kafka.log"));
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(this.work.resolve("postgres"), 0, true);
		// the load is the test's, not a provider's: no rate limit gets in its way
		this.environment = Map.of("PILOT_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "PILOT_POSTGRES_URL",
				postgres.url(), "PILOT_POSTGRES_USER", EmbeddedPostgresServer.USER, "PILOT_POSTGRES_PASSWORD", "",
				"PILOT_BOOTSTRAP_OFFICE_KEY", TestApiKeys.OFFICE, "PILOT_RATE_LIMIT_PER_SECOND", "1000000");
		try {
			for (String name : List.of("gateway", "lifecycle-1", "lifecycle-2", "projection-1", "projection-2")) {
				ServiceProcess.Service service = name.startsWith("gateway") ? ServiceProcess.Service.GATEWAY
						: name.startsWith("lifecycle") ? ServiceProcess.Service.LIFECYCLE
								: ServiceProcess.Service.PROJECTION;
				this.instances.put(name, new Instance(name, service, ServicePorts.free()));
			}
			this.instances.values().forEach(Instance::start);
			this.instances.values().forEach((instance) -> instance.process.awaitReady(Duration.ofMinutes(4)));
			publishUnreadable(broker.bootstrapServers());

			String gatewayUrl = this.instances.get("gateway").process.baseUrl();
			List<String> sources = scenario.sequences.stream()
				.flatMap(List::stream)
				.map(FaultScenario.Post::source)
				.distinct()
				.toList();
			LoadGenerator load = new LoadGenerator(gatewayUrl, CONCURRENCY,
					new OfficeApi(gatewayUrl, TestApiKeys.OFFICE).keysFor(sources));
			load.start(scenario.sequences, CONCURRENCY);
			List<String> chaos = chaos(random);
			for (int step = 0; step < chaos.size(); step++) {
				long threshold = (long) scenario.posts * (step + 1) / (chaos.size() + 2);
				await().atMost(Duration.ofMinutes(10)).until(() -> load.accepted.get() >= threshold);
				inject(chaos.get(step), broker, postgres, load);
			}
			assertThat(load.awaitDone(Duration.ofMinutes(15))).as("the load finished").isTrue();
			this.instances.values().forEach(Instance::ensureRunning);

			awaitDrained(broker.bootstrapServers(), postgres);
			Map<Stage, List<Long>> truth = render(scenario.groundTruth);
			Map<Stage, List<Long>> funnel = funnel("projection-1");

			System.out.printf(
					"fault test (seed %d): events sent %d, 2xx %d, 503 %d, kills %s, final funnel %s, "
							+ "ground truth %s%n",
					seed, load.sent.get(), load.accepted.get(), load.unavailable.get(), this.kills, funnel, truth);
			assertThat(load.failures).as("answers other than 202 or a well-formed 503").isEmpty();
			assertThat(load.accepted.get()).isEqualTo(scenario.posts);
			assertThat(load.eventLogUnavailable.get()).as("503s while the broker was down").isPositive();
			assertThat(funnel).isEqualTo(truth);
			assertThat(funnel("projection-2")).isEqualTo(truth);
			for (String consumer : List.of("lifecycle-1", "lifecycle-2", "projection-1", "projection-2")) {
				assertThat(this.kills.get(consumer)).as("kills of %s", consumer).isGreaterThanOrEqualTo(2);
			}
			assertThat(this.kills).containsEntry("broker", 1).containsEntry("postgres", 1);
			assertEveryReceiptIsFinal(scenario);
			assertThat(ConsumerLag.recordsIn(broker.bootstrapServers(), Topics.MILESTONES + Topics.DEAD_LETTER_SUFFIX))
				.isGreaterThanOrEqualTo(UNREADABLE);
		}
		finally {
			this.instances.values().forEach(Instance::stop);
			broker.close();
			postgres.close();
		}
	}

	/**
	 * The order of the faults: every consumer instance killed twice, the broker and
	 * PostgreSQL once each.
	 */
	private List<String> chaos(Random random) {
		List<String> first = new ArrayList<>(List.of("lifecycle-1", "lifecycle-2", "projection-1", "projection-2"));
		List<String> second = new ArrayList<>(first);
		Collections.shuffle(first, random);
		Collections.shuffle(second, random);
		List<String> chaos = new ArrayList<>(first);
		chaos.addAll(second);
		chaos.add(2 + random.nextInt(3), "broker");
		chaos.add(5 + random.nextInt(4), "postgres");
		return chaos;
	}

	private void inject(String fault, KafkaBrokerProcess broker, EmbeddedPostgresServer postgres, LoadGenerator load) {
		switch (fault) {
			case "broker" -> {
				broker.kill();
				count(fault);
				outage(load.eventLogUnavailable::get, 3);
				broker.restart();
			}
			case "postgres" -> {
				postgres.crash();
				count(fault);
				outage(load.unavailable::get, 3);
				postgres.restart();
			}
			default -> {
				Instance instance = this.instances.get(fault);
				instance.process.kill();
				count(fault);
				instance.start();
			}
		}
	}

	/** Keeps a server down until the gateway has turned callers away a few times. */
	private static void outage(LongSupplier refusals, int atLeast) {
		long before = refusals.getAsLong();
		await().atMost(Duration.ofSeconds(90)).until(() -> refusals.getAsLong() >= before + atLeast);
	}

	private void count(String fault) {
		this.kills.merge(fault, 1, Integer::sum);
	}

	private void awaitDrained(String kafka, EmbeddedPostgresServer postgres) {
		this.instances.values().forEach((instance) -> instance.process.awaitReady(Duration.ofMinutes(4)));
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> ConsumerLag.of(kafka, "pilot-lifecycle", Topics.MILESTONES) == 0 && outbox(postgres) == 0
					&& ConsumerLag.of(kafka, "funnel-projection", Topics.STAGE_CHANGES) == 0
					&& ConsumerLag.of(kafka, "milestone-gateway", Topics.MILESTONE_DECISIONS) == 0);
	}

	private static long outbox(EmbeddedPostgresServer postgres) {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "");
				ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM lifecycle.outbox")) {
			rows.next();
			return rows.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			return -1;
		}
	}

	private void assertEveryReceiptIsFinal(FaultScenario scenario) throws Exception {
		String gateway = this.instances.get("gateway").process.baseUrl();
		Map<String, FaultScenario.Post> distinct = new LinkedHashMap<>();
		scenario.sequences.forEach((sequence) -> sequence.forEach((post) -> distinct.put(post.id(), post)));
		ExecutorService readers = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (FaultScenario.Post post : distinct.values()) {
				answers.add(readers.submit(() -> {
					JsonNode receipt = JSON.readTree(
							get(gateway + "/api/v1/milestones/" + URLEncoder.encode(post.id(), StandardCharsets.UTF_8)
									+ "?source=" + URLEncoder.encode(post.source(), StandardCharsets.UTF_8)));
					String expected = (post.expectedRejection() != null) ? "REJECTED " + post.expectedRejection()
							: "APPLIED";
					String actual = receipt.get("status").asString()
							+ (receipt.has("reason") ? " " + receipt.get("reason").asString() : "");
					return expected.equals(actual) ? null : post.id() + " is " + actual + ", expected " + expected;
				}));
			}
			List<String> wrong = new ArrayList<>();
			for (Future<String> answer : answers) {
				String problem = answer.get();
				if (problem != null) {
					wrong.add(problem);
				}
			}
			assertThat(wrong).as("receipts that are not final as expected").isEmpty();
		}
		finally {
			readers.shutdownNow();
		}
	}

	private Map<Stage, List<Long>> funnel(String instance) {
		JsonNode body = JSON.readTree(get(this.instances.get(instance).process.baseUrl() + "/api/v1/funnel"));
		Map<Stage, List<Long>> funnel = new LinkedHashMap<>();
		for (JsonNode stage : body.get("stages")) {
			funnel.put(new Stage(stage.get("stage").asString()),
					List.of(stage.get("reached").asLong(), stage.get("current").asLong()));
		}
		return funnel;
	}

	private static Map<Stage, List<Long>> render(Map<Stage, long[]> counts) {
		Map<Stage, List<Long>> funnel = new LinkedHashMap<>();
		counts.forEach((stage, values) -> funnel.put(stage, List.of(values[0], values[1])));
		return funnel;
	}

	private static void publishUnreadable(String kafka) {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", kafka, "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
			for (int i = 0; i < UNREADABLE; i++) {
				producer
					.send(new ProducerRecord<>(Topics.MILESTONES, "garbage-" + i,
							("\u0000not a milestone " + i).getBytes(StandardCharsets.UTF_8)))
					.get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not publish the unreadable records", ex);
		}
	}

	private static String get(String url) {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", TestApiKeys.officeBearer())
				.timeout(Duration.ofSeconds(20))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
			return response.body();
		}
		catch (IOException ex) {
			throw new AssertionError("GET " + url + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", ex);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	/** One service instance, started again after each kill on the same port. */
	final class Instance {

		final String name;

		final ServiceProcess.Service service;

		final ServicePorts ports;

		ServiceProcess process;

		Instance(String name, ServiceProcess.Service service, ServicePorts ports) {
			this.name = name;
			this.service = service;
			this.ports = ports;
		}

		void start() {
			Path jar = Path.of(System.getProperty("pilot.services.directory", "target/services"))
				.resolve(this.service.jarName());
			this.process = ServiceProcess.start(this.service, this.name, jar, this.ports,
					FaultInjectionSystemTests.this.environment, FaultInjectionSystemTests.this.work.resolve("logs"));
		}

		/**
		 * Starts the instance again if it died on its own (a start-up while the database
		 * was down).
		 */
		void ensureRunning() {
			if (!this.process.isAlive()) {
				start();
			}
		}

		void stop() {
			if (this.process != null) {
				this.process.close();
			}
		}

	}

}
