package com.pilottracker.runner.operations;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.pilottracker.infra.embedded.Ports;
import com.pilottracker.runner.ServiceProcess;
import com.pilottracker.runner.system.DemoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards' and alerts' PromQL against a real Prometheus (Debian's package, which
 * {@code .ci/run} installs) scraping the running services after the demo, which feeds the
 * pilot and the gradient: every expression evaluates without error and returns data, a
 * dashboard's query for each programme ({@code $programme} set to it), an alert that
 * keeps the programmes apart for each programme. {@code promtool} checks the
 * configuration, the rules and each service's scrape, and runs the rules' unit tests.
 */
@Tag("system")
@Tag("operations")
class PrometheusSystemTests {

	static final Path WORK = Path.of("target/prometheus").toAbsolutePath();

	static DemoSystem demo;

	static Process prometheus;

	static String prometheusUrl;

	@BeforeAll
	static void startPrometheus() throws Exception {
		demo = DemoSystem.get();
		deleteRecursively(WORK);
		Files.createDirectories(WORK);
		Files.copy(OperationsFiles.PROMETHEUS.resolve("alerts.yml"), WORK.resolve("alerts.yml"));
		StringBuilder config = new StringBuilder("""
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files: [alerts.yml]
				scrape_configs:
				""");
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			config.append("  - job_name: ")
				.append(service.artifact())
				.append("\n    metrics_path: /actuator/prometheus\n    static_configs:\n      - targets: ['")
				.append(URI.create(demo.managementUrl(service)).getAuthority())
				.append("']\n");
		}
		Files.writeString(WORK.resolve("prometheus.yml"), config);
		int port = Ports.freePort();
		prometheusUrl = "http://127.0.0.1:" + port;
		prometheus = new ProcessBuilder(tool("prometheus"), "--config.file=" + WORK.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + WORK.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(WORK.resolve("prometheus.log").toFile())
			.start();
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get("/-/ready").contains("Ready"));
		// every target up, and a few scrapes for the rates
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(
					query("count(up == 1)").path("data").path("result").path(0).path("value").path(1).asString())
				.as("targets up; the targets: %s", get("/api/v1/targets"))
				.isEqualTo("3"));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !query("rate(http_server_requests_seconds_count[10s])").path("data").path("result").isEmpty());
	}

	@AfterAll
	static void stopPrometheus() throws InterruptedException {
		if (prometheus != null) {
			prometheus.destroy();
			prometheus.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void theProgrammeVariableOffersEveryProgrammeThatShips() {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(programmesIn("count by (programme) (pilot_funnel_reached)"))
				.containsExactlyInAnyOrderElementsOf(OperationsFiles.programmes()));
	}

	@Test
	void everyDashboardPanelsQueryEvaluatesAndReturnsDataForEveryProgramme() {
		List<String> failures = new ArrayList<>();
		List<OperationsFiles.Query> queries = OperationsFiles.dashboardQueriesPerProgramme();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			failures.clear();
			for (OperationsFiles.Query query : queries) {
				check(query.where(), query.expr(), failures);
			}
			assertThat(failures).isEmpty();
		});
		System.out.println("prometheus: " + queries.size() + " dashboard queries evaluated, each with data");
	}

	@Test
	void everyAlertRuleEvaluatesAndWhatItWatchesReturnsData() {
		List<String> failures = new ArrayList<>();
		List<OperationsFiles.Query> alerts = OperationsFiles.alertQueries();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			failures.clear();
			for (OperationsFiles.Query alert : alerts) {
				JsonNode answer = query(alert.expr());
				if (!"success".equals(answer.path("status").asString())) {
					failures.add(alert.where() + ": " + answer);
				}
				check(alert.where() + " (watched)", alert.watched(), failures);
				if (alert.perProgramme()) {
					List<String> programmes = programmesIn("count by (programme) (" + alert.watched() + ")");
					for (String programme : OperationsFiles.programmes()) {
						if (!programmes.contains(programme)) {
							failures.add(alert.where() + " watches nothing of programme " + programme + " (only "
									+ programmes + "): " + alert.watched());
						}
					}
				}
			}
			assertThat(failures).isEmpty();
		});
		JsonNode rules = JSON(get("/api/v1/rules"));
		for (JsonNode group : rules.path("data").path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				assertThat(rule.path("health").asString()).as("rule %s", rule.path("name").asString()).isEqualTo("ok");
			}
		}
	}

	@Test
	void promtoolAcceptsTheConfigurationTheRulesTheirUnitTestsAndEveryServicesMetrics() throws Exception {
		promtool(OperationsFiles.PROMETHEUS, null, "check", "config", "--syntax-only", "prometheus.yml");
		promtool(WORK, null, "check", "config", "prometheus.yml");
		promtool(OperationsFiles.PROMETHEUS, null, "check", "rules", "alerts.yml");
		promtool(OperationsFiles.PROMETHEUS, null, "test", "rules", "alerts.test.yml");
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			String scrape = DemoSystem.get(demo.managementUrl(service) + "/actuator/prometheus");
			promtool(WORK, scrape, "check", "metrics");
		}
	}

	/** The programmes an expression's answer has series for. */
	private static List<String> programmesIn(String expr) {
		List<String> programmes = new ArrayList<>();
		for (JsonNode series : query(expr).path("data").path("result")) {
			programmes.add(series.path("metric").path("programme").asString());
		}
		return programmes;
	}

	private static void check(String where, String expr, List<String> failures) {
		JsonNode answer = query(expr);
		if (!"success".equals(answer.path("status").asString())) {
			failures.add(where + ": " + expr + " failed: " + answer);
		}
		else if (answer.path("data").path("result").isEmpty()) {
			failures.add(where + ": " + expr + " returned no data");
		}
	}

	private static void promtool(Path directory, String input, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(tool("promtool")));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		if (input != null) {
			try (var stdin = process.getOutputStream()) {
				stdin.write(input.getBytes(StandardCharsets.UTF_8));
			}
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
	}

	private static String tool(String name) {
		Path path = Path.of("/usr/bin", name);
		assertThat(path).as("%s (Debian package prometheus; .ci/run installs it)", path).isExecutable();
		return path.toString();
	}

	private static JsonNode query(String expr) {
		return JSON(get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
	}

	private static JsonNode JSON(String body) {
		return DemoSystem.JSON.readTree(body);
	}

	private static String get(String path) {
		try {
			return DemoSystem.HTTP
				.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path)).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (var paths = Files.walk(directory)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
