package com.pilottracker.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.infra.embedded.EmbeddedKafkaBroker;
import com.pilottracker.infra.embedded.EmbeddedPostgresServer;
import com.pilottracker.infra.embedded.Ports;
import com.pilottracker.runner.demo.DemoMilestone;
import com.pilottracker.runner.demo.ExpectedFunnel;
import com.pilottracker.runner.demo.OfficeApi;
import com.pilottracker.runner.demo.ScenarioFeeder;
import com.pilottracker.runner.demo.XiamenScenario;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar local-runner.jar [--demo] [--fresh] …}: the whole system on this
 * machine. The broker runs in this JVM, PostgreSQL and the three services as child
 * processes; a shutdown (Ctrl-C, SIGTERM) at any moment, during start-up too, stops the
 * services, then the broker, then the database: whatever of them has been started
 * ({@link Lifecycle}). A {@link Watchdog} stops them if the runner is killed outright.
 */
public final class LocalRunner {

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

	private final RunnerOptions options;

	private final Lifecycle lifecycle;

	private Watchdog watchdog;

	/** The office key the services store at start, and the demo uses. */
	private final String officeKey;

	private final boolean officeKeyGenerated;

	LocalRunner(RunnerOptions options, Lifecycle lifecycle) {
		this.options = options;
		this.lifecycle = lifecycle;
		String given = blankToNull(System.getenv("PILOT_BOOTSTRAP_OFFICE_KEY"));
		this.officeKeyGenerated = (given == null);
		this.officeKey = (given != null) ? given.strip() : OfficeApi.newOfficeKey();
	}

	public static void main(String[] args) {
		List<String> arguments = Arrays.asList(args);
		if (arguments.contains("--help") || arguments.contains("-h")) {
			System.out.print(RunnerOptions.USAGE);
			return;
		}
		RunnerOptions options;
		try {
			options = RunnerOptions.parse(arguments, runnerJarDirectory());
		}
		catch (IllegalArgumentException ex) {
			System.err.println("local-runner: " + ex.getMessage());
			System.err.print(RunnerOptions.USAGE);
			System.exit(2);
			return;
		}
		Lifecycle lifecycle = new Lifecycle(Thread.currentThread());
		// SIGINT, SIGTERM, SIGHUP: ask this thread to stop what it started, wait until it
		// has
		Runtime.getRuntime().addShutdownHook(new Thread(lifecycle::stopAndAwait, "local-runner-stop"));
		int status = new LocalRunner(options, lifecycle).runAndStop();
		if (status != 0 || options.exitAfterDemo()) {
			System.exit(status);
		}
	}

	/**
	 * Runs until done (after the demo with {@code --exit-after-demo}), failed or asked to
	 * stop, then stops everything it started; answers the exit status.
	 */
	int runAndStop() {
		try {
			run();
			return 0;
		}
		catch (Lifecycle.StopRequested ex) {
			return 0;
		}
		catch (RuntimeException | Error ex) {
			if (this.lifecycle.stopRequested()) {
				// a step cut short by the stop, or failing because the JVM is shutting
				// down (Kafka's logging, for one, cannot initialise then: it registers a
				// shutdown hook)
				return 0;
			}
			if (ex instanceof Error error) {
				throw error;
			}
			System.err.println("local-runner: " + ex.getMessage());
			return 1;
		}
		finally {
			this.lifecycle.unwind();
		}
	}

	private void run() {
		if (!this.options.infrastructureOnly() && !this.options.servicesPresent()) {
			throw new IllegalStateException("the services' jars are not in " + this.options.servicesDirectory()
					+ "; build them first: ./mvnw -DskipTests package");
		}
		if (this.options.fresh()) {
			deleteRecursively(this.options.dataDirectory());
		}
		this.lifecycle.checkpoint();
		// first, so that it knows of every process started after it
		this.watchdog = Watchdog.start(this.options.logDirectory());
		this.lifecycle.started(null, this.watchdog::close);
		Map<String, String> infrastructure = startInfrastructure();
		if (this.options.infrastructureOnly()) {
			System.out.println();
			System.out.println("Kafka and PostgreSQL are running; point services and tests at them with:");
			infrastructure.forEach((name, value) -> System.out.println("  export " + name + "='" + value + "'"));
			System.out.println("Press Ctrl-C to stop.");
			this.lifecycle.interruptibly(this.lifecycle::awaitStopRequest);
			return;
		}
		Map<ServiceProcess.Service, ServicePorts> ports = this.options.servicePorts();
		ports.forEach((service, port) -> {
			requireFree(port.server(), service.artifact());
			requireFree(port.management(), service.artifact() + "'s management endpoints");
		});
		System.out.println("Starting the services (logs in " + this.options.logDirectory() + ") ...");
		Map<String, String> environment = new java.util.LinkedHashMap<>(infrastructure);
		environment.put("PILOT_BOOTSTRAP_OFFICE_KEY", this.officeKey);
		if (this.options.demo() && blankToNull(System.getenv("PILOT_RATE_LIMIT_PER_SECOND")) == null) {
			// the demo posts some 8,000 milestones as fast as it can: a bulk load, not
			// a client
			environment.put("PILOT_RATE_LIMIT_PER_SECOND", "5000");
			environment.put("PILOT_RATE_LIMIT_BURST", "10000");
		}
		if (this.options.demo() && blankToNull(System.getenv("PILOT_PROVIDER_BACKDATE_LIMIT")) == null) {
			environment.put("PILOT_PROVIDER_BACKDATE_LIMIT", XiamenScenario.PROVIDER_BACKDATE_LIMIT);
		}
		if (this.options.demo() && blankToNull(System.getenv("PILOT_PROGRAMME_START")) == null) {
			environment.put("PILOT_PROGRAMME_START", XiamenScenario.PROGRAMME_START);
		}
		PilotSystem system = PilotSystem.empty();
		// recorded before any service exists: stopping it stops those launched so far
		this.lifecycle.started("the services", () -> {
			system.close();
			system.launchedProcesses().forEach((process) -> this.watchdog.forgetService(process.pid()));
		});
		this.lifecycle.interruptibly(() -> {
			system.launch(this.options.servicesDirectory(), this.options.logDirectory(), ports, environment,
					READY_TIMEOUT, (process) -> this.watchdog.watchService(process.pid()));
			printUrls(system, infrastructure);
			if (this.options.demo()) {
				runDemo(system);
			}
			if (!this.options.exitAfterDemo()) {
				System.out.println("Press Ctrl-C to stop.");
				this.lifecycle.awaitStopRequest();
			}
		});
	}

	private Map<String, String> startInfrastructure() {
		Map<String, String> environment = System.getenv();
		String kafkaGiven = blankToNull(environment.get("PILOT_KAFKA_BOOTSTRAP_SERVERS"));
		String postgresGiven = blankToNull(environment.get("PILOT_POSTGRES_URL"));
		if ((kafkaGiven == null) != (postgresGiven == null)) {
			throw new IllegalStateException("set both PILOT_KAFKA_BOOTSTRAP_SERVERS and PILOT_POSTGRES_URL to use "
					+ "external servers, or neither to start embedded ones");
		}
		if (kafkaGiven != null) {
			System.out.println("Using the Kafka and PostgreSQL given in the environment.");
			return Map.of("PILOT_KAFKA_BOOTSTRAP_SERVERS", kafkaGiven, "PILOT_POSTGRES_URL", postgresGiven,
					"PILOT_POSTGRES_USER", environment.getOrDefault("PILOT_POSTGRES_USER", "postgres"),
					"PILOT_POSTGRES_PASSWORD", environment.getOrDefault("PILOT_POSTGRES_PASSWORD", ""));
		}
		requireFree(this.options.postgresPort(), "PostgreSQL");
		requireFree(this.options.kafkaPort(), "Kafka");
		System.out.println("Starting PostgreSQL and Kafka (data in " + this.options.dataDirectory() + ") ...");
		// neither start is interrupted (see Lifecycle): a stop asked for meanwhile is
		// acted on when each returns
		Path postgresData = this.options.dataDirectory().resolve("postgres");
		this.watchdog.watchPostgres(postgresData);
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(postgresData, this.options.postgresPort(), true);
		this.lifecycle.started("PostgreSQL", postgres::close);
		EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(this.options.dataDirectory().resolve("kafka"),
				this.options.kafkaPort());
		this.lifecycle.started("Kafka", kafka::close);
		return Map.of("PILOT_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PILOT_POSTGRES_URL", postgres.url(),
				"PILOT_POSTGRES_USER", EmbeddedPostgresServer.USER, "PILOT_POSTGRES_PASSWORD", "");
	}

	private void runDemo(PilotSystem system) throws InterruptedException {
		List<DemoMilestone> scenario = XiamenScenario.demo(XiamenScenario.DEFAULT_SEED);
		System.out.println("Feeding the Xiamen demo (the pilot and the SME gradient): " + scenario.size()
				+ " milestones over HTTP ...");
		long started = System.nanoTime();
		// the log's clock the lifecycle decides lapses by is the acceptance time: from
		// here
		java.time.Instant feedStart = java.time.Instant.now();
		int accepted = ScenarioFeeder
			.forScenario(system.url(ServiceProcess.Service.GATEWAY), 16, this.officeKey, scenario)
			.feed(scenario);
		System.out.printf("  %d milestones accepted in %.1f s; waiting for the funnels ...%n", accepted,
				(System.nanoTime() - started) / 1e9);
		Map<String, long[]> pilot = new java.util.LinkedHashMap<>();
		XiamenScenario.expectedFunnel().forEach((stage, counts) -> pilot.put(stage.name(), counts));
		awaitFunnel(system, Programmes.pilot(), pilot, "942 / 566 / 302");
		Programme gradient = Programmes.gradient();
		awaitFunnel(system, gradient, expected(gradient, ExpectedFunnel.of(gradient, scenario, feedStart).now()),
				"2462 / 2080 / 183 (as of 2025-07-18)");
	}

	/** Reached and current per stage, exits' current, by stage name. */
	private static Map<String, long[]> expected(Programme programme, ExpectedFunnel.Figures figures) {
		Map<String, long[]> expected = new java.util.LinkedHashMap<>();
		for (Stage stage : programme.allStages()) {
			expected.put(stage.name(), new long[] { figures.reached(stage), figures.current(stage) });
		}
		return expected;
	}

	private void awaitFunnel(PilotSystem system, Programme programme, Map<String, long[]> expected, String shows)
			throws InterruptedException {
		String funnelUrl = system.url(ServiceProcess.Service.PROJECTION) + "/api/v1/funnel?programme=" + programme.id();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		JsonNode funnel = null;
		while (System.nanoTime() < deadline) {
			funnel = get(funnelUrl, this.officeKey);
			if (funnel != null && matches(funnel, expected)) {
				break;
			}
			Thread.sleep(250);
		}
		System.out.println("  " + programme.name().en() + " (stage: reached / current):");
		if (funnel != null) {
			for (JsonNode stage : funnel.get("stages")) {
				System.out.printf("    %-15s %5d / %5d%n", stage.get("stage").asString(), stage.get("reached").asLong(),
						stage.get("current").asLong());
			}
			for (JsonNode exit : funnel.path("exits")) {
				System.out.printf("    %-15s         %5d%n", exit.get("stage").asString(),
						exit.get("current").asLong());
			}
		}
		if (funnel == null || !matches(funnel, expected)) {
			throw new IllegalStateException(
					"the demo's " + programme.id() + " funnel did not show " + shows + " within 2 minutes");
		}
	}

	/**
	 * Whether every stage row of the funnel (and every exit row, which has current only)
	 * shows the expected counts.
	 */
	static boolean matches(JsonNode funnel, Map<String, long[]> expected) {
		for (JsonNode stage : funnel.get("stages")) {
			long[] counts = expected.get(stage.get("stage").asString());
			if (counts == null || counts[0] != stage.get("reached").asLong()
					|| counts[1] != stage.get("current").asLong()) {
				return false;
			}
		}
		for (JsonNode exit : funnel.path("exits")) {
			long[] counts = expected.get(exit.get("stage").asString());
			if (counts == null || counts[1] != exit.get("current").asLong()) {
				return false;
			}
		}
		return true;
	}

	private static JsonNode get(String url, String key) throws InterruptedException {
		try {
			HttpResponse<String> response = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.build()
				.send(HttpRequest.newBuilder(URI.create(url))
					.header("Authorization", "Bearer " + key)
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? JsonMapper.builder().build().readTree(response.body()) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private void printUrls(PilotSystem system, Map<String, String> infrastructure) {
		String gateway = system.url(ServiceProcess.Service.GATEWAY);
		String lifecycle = system.url(ServiceProcess.Service.LIFECYCLE);
		String projection = system.url(ServiceProcess.Service.PROJECTION);
		System.out.println();
		System.out.println("Pilot Tracker is running:");
		System.out.println("  Post milestones   POST " + gateway + "/api/v1/milestones");
		System.out
			.println("  The funnel        GET  " + projection + "/api/v1/funnel, " + projection + "/api/v1/analytics");
		try {
			String viewerKey = new OfficeApi(gateway, this.officeKey).issue("leadership", "VIEWER",
					"issued by the local runner for the leadership page");
			System.out.println("  Leadership page   " + projection + "/leadership/#key=" + viewerKey);
		}
		catch (IllegalStateException ex) {
			System.out
				.println("  Leadership page   " + projection + "/leadership/ (no VIEWER key: " + ex.getMessage() + ")");
		}
		System.out.println("  Health            " + gateway + "/readyz, " + lifecycle + "/readyz, " + projection
				+ "/readyz (status only)");
		System.out.println(
				"  Management        " + system.managementUrl(ServiceProcess.Service.GATEWAY) + "/actuator/prometheus, "
						+ system.managementUrl(ServiceProcess.Service.LIFECYCLE) + "/actuator/prometheus, "
						+ system.managementUrl(ServiceProcess.Service.PROJECTION) + "/actuator/prometheus");
		System.out.println("                    (metrics, and /actuator/health with details; no key: keep these "
				+ "ports off any public network)");
		System.out.println("  Kafka             " + infrastructure.get("PILOT_KAFKA_BOOTSTRAP_SERVERS"));
		System.out.println("  PostgreSQL        " + infrastructure.get("PILOT_POSTGRES_URL") + " (user "
				+ infrastructure.get("PILOT_POSTGRES_USER") + ")");
		System.out.println("  Logs              " + this.options.logDirectory());
		System.out.println("  Office API key    " + this.officeKey
				+ (this.officeKeyGenerated ? "  (generated for this run; set PILOT_BOOTSTRAP_OFFICE_KEY to choose one)"
						: "  (PILOT_BOOTSTRAP_OFFICE_KEY)"));
		System.out.println("                    send it as 'Authorization: Bearer <key>'; issue provider and viewer "
				+ "keys with POST " + gateway + "/api/v1/admin/api-keys");
		System.out.println();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private static void requireFree(int port, String what) {
		if (Ports.inUse(port)) {
			throw new IllegalStateException(what + " cannot listen on 127.0.0.1:" + port
					+ ": the port is in use (another runner still running?); choose another port with the options");
		}
	}

	static Path runnerJarDirectory() {
		try {
			Path location = Path.of(LocalRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			// the jar's directory; from an IDE (classes directory) its parent, which is
			// target/
			return location.getParent();
		}
		catch (URISyntaxException ex) {
			return Path.of(".");
		}
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not delete " + directory, ex);
		}
	}

}
