package com.pilottracker.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.pilottracker.infra.embedded.Ports;
import com.pilottracker.testsupport.TestApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runner as users run it, {@code java -jar local-runner.jar}, signalled at several
 * points of start-up and after: each time, every process it started (the services, the
 * watchdog, PostgreSQL's postmaster and its backends) has ended when the runner exits,
 * and no port it used still listens. The runs share one data directory and the same
 * ports, in order: every run after the first is also a start on the data (and ports) the
 * one before left, without {@code --fresh} (after a stop during the broker's start, after
 * {@code kill -9}, after Ctrl-C), and the last checks that the data kept.
 */
@Tag("system")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunnerSystemTests {

	private static final Path WORK = Path.of("target/local-runner-system-tests").toAbsolutePath();

	private static final Path DATA = WORK.resolve("data");

	private static final Duration START_UP = Duration.ofMinutes(4);

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, Integer> PORTS = new java.util.LinkedHashMap<>();

	/** SOLICITED reached when the demo was interrupted. */
	private static long solicitedBeforeTheStop;

	private Runner runner;

	@BeforeAll
	static void chooseThePorts() throws IOException {
		deleteRecursively(WORK);
		Files.createDirectories(WORK);
		for (String name : List.of("kafka", "postgres", "gateway", "lifecycle", "projection", "gateway-management",
				"lifecycle-management", "projection-management")) {
			PORTS.put(name, Ports.freePortOtherThan(PORTS.values().stream().mapToInt(Integer::intValue).toArray()));
		}
	}

	@AfterEach
	void endWhatAFailedTestLeft() {
		if (this.runner != null) {
			this.runner.killEverything();
		}
	}

	@Test
	@Order(1)
	void stopsPostgresAndTheBrokerWhenSignalledWhileTheBrokerStarts() {
		this.runner = Runner.start("1-while-the-broker-starts", "--fresh");
		this.runner.awaitLine("PostgreSQL listening on", START_UP);
		Set<ProcessHandle> started = this.runner.processes();
		assertThat(this.runner.postmaster()).isPresent();

		this.runner.signal("TERM");

		assertThat(this.runner.awaitExit(Duration.ofMinutes(2))).isEqualTo(143);
		assertNothingLeft(started);
		assertThat(this.runner.lines()).contains("Stopping PostgreSQL ...").last().isEqualTo("Stopped.");
	}

	@Test
	@Order(2)
	void stopsTheServicesAndPostgresThroughTheWatchdogWhenKilledWhileTheServicesStart() {
		this.runner = Runner.start("2-killed-while-the-services-start");
		await().atMost(START_UP).until(() -> this.runner.services().size() == 3);
		Set<ProcessHandle> started = this.runner.processes();
		assertThat(this.runner.postmaster()).isPresent();

		this.runner.signal("KILL");

		assertThat(this.runner.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
		// the watchdog: SIGTERM to the services (SIGKILL after 20 s), then a fast
		// shutdown of PostgreSQL
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertNothingLeft(started));
	}

	@Test
	@Order(3)
	void startsAgainAfterAKillAndStopsEverythingOnCtrlCWhileFeedingTheDemo() {
		this.runner = Runner.start("3-ctrl-c-while-feeding-the-demo", "--demo");
		// the demo starts once every service is ready
		this.runner.awaitLine("Feeding the Xiamen demo", START_UP);
		solicitedBeforeTheStop = await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(100))
			.until(this::solicited, (solicited) -> solicited > 0);
		Set<ProcessHandle> started = this.runner.processes();
		assertThat(this.runner.services()).hasSize(3);

		this.runner.signal("INT");

		assertThat(this.runner.awaitExit(Duration.ofMinutes(2))).isEqualTo(130);
		assertNothingLeft(started);
		assertThat(this.runner.lines()).contains("Stopping the services ...").last().isEqualTo("Stopped.");
	}

	/**
	 * The point of the report: signalled once the projection answers, before the runner
	 * has seen every service ready; it used to stop the broker and the database and leave
	 * the three services running.
	 */
	@Test
	@Order(4)
	void startsAgainWithTheDataAndStopsTheServicesStartedSoFarWhenSignalledOnceTheProjectionAnswersAndAgainWhileStopping() {
		this.runner = Runner.start("4-once-the-projection-answers");
		long solicited = await().atMost(START_UP)
			.pollInterval(Duration.ofMillis(100))
			.until(this::solicited, (answer) -> answer >= 0);
		Set<ProcessHandle> started = this.runner.processes();
		assertThat(this.runner.services()).hasSize(3);

		this.runner.signal("TERM");
		this.runner.awaitLine("Stopping the services ...", Duration.ofSeconds(30));
		this.runner.signal("TERM");
		this.runner.signal("INT");

		assertThat(this.runner.awaitExit(Duration.ofMinutes(2))).isEqualTo(143);
		assertNothingLeft(started);
		assertThat(this.runner.lines()).last().isEqualTo("Stopped.");
		// what the demo had posted before Ctrl-C is still there
		assertThat(solicited).isGreaterThanOrEqualTo(solicitedBeforeTheStop).isPositive();
	}

	/** SOLICITED reached in the funnel, or -1 while the projection does not answer. */
	private long solicited() {
		JsonNode funnel = this.runner.funnel();
		if (funnel == null) {
			return -1;
		}
		for (JsonNode stage : funnel.path("stages")) {
			if (stage.path("stage").asString().equals("SOLICITED")) {
				return stage.path("reached").asLong();
			}
		}
		return -1;
	}

	/**
	 * Every process alive before the signal has ended, and no port of the runner's
	 * listens.
	 */
	private static void assertNothingLeft(Set<ProcessHandle> started) {
		assertThat(started.stream().filter(LocalRunnerSystemTests::running).map(LocalRunnerSystemTests::describe))
			.as("processes the runner started, still running")
			.isEmpty();
		assertThat(PORTS.entrySet().stream().filter((port) -> listening(port.getValue())).map(Map.Entry::getKey))
			.as("ports still listening")
			.isEmpty();
	}

	/** Alive and not a zombie (an ended process its parent has not reaped yet). */
	private static boolean running(ProcessHandle process) {
		if (!process.isAlive()) {
			return false;
		}
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
			return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
		}
		catch (IOException ex) {
			return process.isAlive();
		}
	}

	private static String describe(ProcessHandle process) {
		return process.pid() + " " + process.info().commandLine().orElse("?");
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
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

	/**
	 * One run of {@code java -jar local-runner.jar}, its output in
	 * {@code WORK/<name>.log}.
	 */
	private static final class Runner {

		private final Process process;

		private final List<String> lines = new ArrayList<>();

		/** Every process {@link #processes()} found, to end after a failure. */
		private final Set<ProcessHandle> seen = new LinkedHashSet<>();

		private Runner(Process process) {
			this.process = process;
		}

		static Runner start(String name, String... options) {
			Path jar = Path.of(System.getProperty("pilot.runner.jar", "target/local-runner.jar")).toAbsolutePath();
			List<String> command = new ArrayList<>(List.of(ServiceProcess.javaExecutable(), "-jar", jar.toString(),
					"--data-dir", DATA.toString(), "--kafka-port", String.valueOf(PORTS.get("kafka")),
					"--postgres-port", String.valueOf(PORTS.get("postgres")), "--gateway-port",
					String.valueOf(PORTS.get("gateway")), "--lifecycle-port", String.valueOf(PORTS.get("lifecycle")),
					"--projection-port", String.valueOf(PORTS.get("projection")), "--gateway-management-port",
					String.valueOf(PORTS.get("gateway-management")), "--lifecycle-management-port",
					String.valueOf(PORTS.get("lifecycle-management")), "--projection-management-port",
					String.valueOf(PORTS.get("projection-management"))));
			command.addAll(List.of(options));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			// its own broker and database, whatever this build was pointed at
			builder.environment().remove("PILOT_KAFKA_BOOTSTRAP_SERVERS");
			builder.environment().remove("PILOT_POSTGRES_URL");
			builder.environment().put("PILOT_BOOTSTRAP_OFFICE_KEY", TestApiKeys.OFFICE);
			try {
				Runner runner = new Runner(builder.start());
				Thread reader = new Thread(() -> runner.read(WORK.resolve(name + ".log")), "runner-output-" + name);
				reader.setDaemon(true);
				reader.start();
				return runner;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void read(Path log) {
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
					PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log), true)) {
				String line;
				while ((line = output.readLine()) != null) {
					copy.println(line);
					synchronized (this.lines) {
						this.lines.add(line);
					}
				}
			}
			catch (IOException ex) {
				// the runner has gone
			}
		}

		List<String> lines() {
			synchronized (this.lines) {
				return List.copyOf(this.lines);
			}
		}

		void awaitLine(String fragment, Duration timeout) {
			await().atMost(timeout)
				.pollInterval(Duration.ofMillis(50))
				.failFast("the runner exited", () -> !this.process.isAlive())
				.until(() -> lines().stream().anyMatch((line) -> line.contains(fragment)));
		}

		/** The service processes it has launched. */
		List<ProcessHandle> services() {
			return this.process.descendants()
				.filter((child) -> child.info()
					.commandLine()
					.filter((line) -> line.contains("milestone-gateway.jar") || line.contains("pilot-lifecycle.jar")
							|| line.contains("funnel-projection.jar"))
					.isPresent())
				.toList();
		}

		/**
		 * The postmaster on the data directory: {@code pg_ctl} starts it in a session of
		 * its own, so it is no descendant of the runner's.
		 */
		Optional<ProcessHandle> postmaster() {
			try {
				List<String> pidFile = Files.readAllLines(DATA.resolve("postgres/postmaster.pid"));
				return ProcessHandle.of(Long.parseLong(pidFile.get(0).trim()));
			}
			catch (IOException | RuntimeException ex) {
				return Optional.empty();
			}
		}

		/** The runner, its descendants, and the postmaster with its backends, now. */
		Set<ProcessHandle> processes() {
			Set<ProcessHandle> processes = new LinkedHashSet<>();
			processes.add(this.process.toHandle());
			this.process.descendants().forEach(processes::add);
			postmaster().ifPresent((postmaster) -> {
				processes.add(postmaster);
				postmaster.descendants().forEach(processes::add);
			});
			this.seen.addAll(processes);
			return processes;
		}

		void signal(String signal) {
			try {
				Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(this.process.pid()))
					.redirectErrorStream(true)
					.start();
				assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		int awaitExit(Duration timeout) {
			try {
				assertThat(this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
					.as("the runner exited within %s", timeout)
					.isTrue();
				return this.process.exitValue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		JsonNode funnel() {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + PORTS.get("projection") + "/api/v1/funnel"))
				.header("Authorization", TestApiKeys.officeBearer())
				.timeout(Duration.ofSeconds(5))
				.build();
			try {
				HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
				return (response.statusCode() == 200) ? JSON.readTree(response.body()) : null;
			}
			catch (IOException ex) {
				return null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}

		/**
		 * After a failure: whatever still runs, ended at once, so no test after it trips
		 * on it.
		 */
		void killEverything() {
			Set<ProcessHandle> left = new LinkedHashSet<>(processes());
			left.addAll(this.seen);
			left.forEach(ProcessHandle::destroyForcibly);
			left.forEach(
					(process) -> process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally((ex) -> null).join());
		}

	}

}
