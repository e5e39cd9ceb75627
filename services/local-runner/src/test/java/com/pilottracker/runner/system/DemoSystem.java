package com.pilottracker.runner.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.infra.embedded.EmbeddedKafkaBroker;
import com.pilottracker.infra.embedded.EmbeddedPostgresServer;
import com.pilottracker.runner.PilotSystem;
import com.pilottracker.runner.ServiceProcess;
import com.pilottracker.runner.ServicePorts;
import com.pilottracker.runner.demo.DemoMilestone;
import com.pilottracker.runner.demo.GradientScenario;
import com.pilottracker.runner.demo.ScenarioFeeder;
import com.pilottracker.runner.demo.XiamenScenario;
import com.pilottracker.testsupport.TestApiKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * The three services as processes on a broker and a database of their own, with the
 * Xiamen demo fed and visible: started once per test JVM for the system tests that need a
 * running product (the browser test, the Prometheus test), stopped when the JVM ends.
 */
public final class DemoSystem {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final Path WORK = Path.of("target/demo-system").toAbsolutePath();

	private static DemoSystem started;

	private final EmbeddedPostgresServer postgres;

	private final EmbeddedKafkaBroker kafka;

	private final PilotSystem system;

	private DemoSystem(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka, PilotSystem system) {
		this.postgres = postgres;
		this.kafka = kafka;
		this.system = system;
	}

	/** The running system, started and fed on first use. */
	public static synchronized DemoSystem get() {
		if (started == null) {
			started = start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "demo-system-stop"));
		}
		return started;
	}

	private static DemoSystem start() {
		deleteRecursively(WORK);
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(WORK.resolve("postgres"), 0, false);
		EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(WORK.resolve("kafka"), 0);
		Map<String, String> environment = new HashMap<>(
				Map.of("PILOT_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PILOT_POSTGRES_URL", postgres.url(),
						"PILOT_POSTGRES_USER", EmbeddedPostgresServer.USER, "PILOT_POSTGRES_PASSWORD", "",
						"PILOT_BOOTSTRAP_OFFICE_KEY", TestApiKeys.OFFICE));
		// the demo is a bulk load: no rate limit in the way
		environment.put("PILOT_RATE_LIMIT_PER_SECOND", "100000");
		environment.put("PILOT_PROVIDER_BACKDATE_LIMIT", XiamenScenario.PROVIDER_BACKDATE_LIMIT);
		environment.put("PILOT_RATE_LIMIT_BURST", "100000");
		environment.put("PILOT_PROGRAMME_START", XiamenScenario.PROGRAMME_START);
		// a line per milestone in each service, each with the milestone's trace id
		environment.put("LOGGING_LEVEL_COM_PILOTTRACKER_GATEWAY_MILESTONE", "DEBUG");
		environment.put("LOGGING_LEVEL_COM_PILOTTRACKER_LIFECYCLE_PROCESSING", "DEBUG");
		environment.put("LOGGING_LEVEL_COM_PILOTTRACKER_PROJECTION_FUNNEL_STORE", "DEBUG");
		Map<ServiceProcess.Service, ServicePorts> ports = new EnumMap<>(ServiceProcess.Service.class);
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			ports.put(service, ServicePorts.free());
		}
		Path services = Path.of(System.getProperty("pilot.services.directory", "target/services"));
		PilotSystem system = PilotSystem.start(services, WORK.resolve("logs"), ports, environment,
				Duration.ofMinutes(3));
		DemoSystem demo = new DemoSystem(postgres, kafka, system);
		// both programmes: the pilot's 942 / 566 / 302 and the gradient's 2462 / 2080 /
		// 183
		List<DemoMilestone> scenario = XiamenScenario.demo(XiamenScenario.DEFAULT_SEED);
		ScenarioFeeder.forScenario(demo.url(ServiceProcess.Service.GATEWAY), 16, TestApiKeys.OFFICE, scenario)
			.feed(scenario);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> reached(demo.analytics("")).equals(List.of(942L, 566L, 302L)));
		await().atMost(Duration.ofMinutes(2))
			.until(() -> reached(demo.analytics("?programme=gradient&asOf=2025-07-18"))
				.equals(List.of((long) GradientScenario.INNOVATIVE, (long) GradientScenario.SPECIALISED,
						(long) GradientScenario.LITTLE_GIANT)));
		return demo;
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	/** Where each service logs: {@code <service>.log}. */
	public Path logs() {
		return WORK.resolve("logs");
	}

	public String url(ServiceProcess.Service service) {
		return this.system.url(service);
	}

	/** The service's management address: the scrape and the health with details. */
	public String managementUrl(ServiceProcess.Service service) {
		return this.system.managementUrl(service);
	}

	/** {@code GET /api/v1/analytics} with the office key. */
	public JsonNode analytics(String query) {
		return JSON.readTree(get(url(ServiceProcess.Service.PROJECTION) + "/api/v1/analytics" + query));
	}

	/** A GET with the office key; fails unless answered 200. */
	public static String get(String url) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(URI.create(url)).header("Authorization", TestApiKeys.officeBearer()).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Reached per stage of the three-stage funnel. */
	public static List<Long> reached(JsonNode analytics) {
		return analytics.path("funnel")
			.path("stages")
			.valueStream()
			.map((stage) -> stage.path("reached").asLong())
			.toList();
	}

	private void stop() {
		this.system.close();
		this.kafka.close();
		this.postgres.close();
	}

	private static void deleteRecursively(Path directory) {
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
