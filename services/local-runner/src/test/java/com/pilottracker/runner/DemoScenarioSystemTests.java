package com.pilottracker.runner;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Topics;
import com.pilottracker.runner.demo.DemoMilestone;
import com.pilottracker.runner.demo.ExpectedFunnel;
import com.pilottracker.runner.demo.GradientScenario;
import com.pilottracker.runner.demo.ScenarioFeeder;
import com.pilottracker.runner.demo.XiamenScenario;
import com.pilottracker.testsupport.ConsumerLag;
import com.pilottracker.testsupport.Infrastructure;
import com.pilottracker.testsupport.InfrastructureMode;
import com.pilottracker.testsupport.TestApiKeys;
import com.pilottracker.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system as it ships: the three services' executable jars as separate processes
 * on a real broker and a real PostgreSQL, the demo posted over HTTP — the pilot and the
 * SME gradient.
 */
@Tag("system")
class DemoScenarioSystemTests {

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static PilotSystem system;

	@BeforeAll
	static void startTheSystem() {
		Map<ServiceProcess.Service, ServicePorts> ports = new EnumMap<>(ServiceProcess.Service.class);
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			ports.put(service, ServicePorts.free());
		}
		Path services = Path.of(System.getProperty("pilot.services.directory", "target/services"));
		Map<String, String> environment = new java.util.HashMap<>(TestInfrastructure.get().asEnvironment());
		environment.put("PILOT_BOOTSTRAP_OFFICE_KEY", TestApiKeys.OFFICE);
		// the demo is a bulk load and the test reads every receipt: no rate limit in the
		// way
		// (a 429 answered on a kept-alive connection was seen to leave the next request
		// there
		// unanswered now and then; see the closing note)
		environment.put("PILOT_RATE_LIMIT_PER_SECOND", "100000");
		environment.put("PILOT_PROVIDER_BACKDATE_LIMIT", XiamenScenario.PROVIDER_BACKDATE_LIMIT);
		environment.put("PILOT_RATE_LIMIT_BURST", "100000");
		// the gradient's batches begin in 2019
		environment.put("PILOT_PROGRAMME_START", XiamenScenario.PROGRAMME_START);
		system = PilotSystem.start(services, Path.of("target/system-test-logs"), ports, environment,
				Duration.ofMinutes(3));
	}

	@AfterAll
	static void stopTheSystem() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void showsTheXiamenFunnelsThroughTheApiAndPrometheusWithAFinalReceiptForEveryMilestoneAndCountsARepostOnce()
			throws Exception {
		// external servers may already hold the demo from an earlier run: there,
		// programmes of the same shape with other enterprises are posted instead
		long seed = (TestInfrastructure.mode() == InfrastructureMode.EXTERNAL) ? System.nanoTime()
				: XiamenScenario.DEFAULT_SEED;
		List<DemoMilestone> scenario = XiamenScenario.demo(seed);
		ScenarioFeeder feeder = ScenarioFeeder.forScenario(system.url(ServiceProcess.Service.GATEWAY), 16,
				TestApiKeys.OFFICE, scenario);

		Map<String, long[]> baseline = baseline();
		Map<String, Long> gradientBaseline = gradientBaseline();
		Instant feedStarted = Instant.now();
		int accepted = feeder.feed(scenario);
		Instant feedEnded = Instant.now();

		assertThat(accepted).isEqualTo(scenario.size());
		Map<String, long[]> expected = plus(baseline, pilotExpected());
		await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(funnel(null)).isEqualTo(render(expected)));
		if (TestInfrastructure.mode() != InfrastructureMode.EXTERNAL) {
			assertThat(expected.get("SOLICITED")[0]).isEqualTo(942);
			assertThat(expected.get("CONTRACTED")[0]).isEqualTo(566);
			assertThat(expected.get("PRE_ACCEPTANCE")[0]).isEqualTo(302);
		}
		// the lifecycle decides a lapse by the log's clock, the milestones' acceptance
		// times: every lapse due before the feed started is decided, none due after it
		// ended (ExpectedFunnel)
		ExpectedFunnel gradient = ExpectedFunnel.of(GRADIENT, scenario, feedStarted);
		assertThat(gradient.lapseWithin(feedStarted, feedEnded))
			.as("a recognition of the scenario lapsing while it was fed (the expected current counts would "
					+ "depend on the order of the log)")
			.isEmpty();
		Map<String, Long> gradientExpected = sum(gradientBaseline, gradientFigures(gradient));
		await().atMost(Duration.ofMinutes(2))
			.untilAsserted(() -> assertThat(gradientFunnel("")).isEqualTo(gradientExpected));
		assertGradientFigures(gradient);
		if (TestInfrastructure.mode() != InfrastructureMode.EXTERNAL) {
			assertTheLetter();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String prometheus = get(system.managementUrl(ServiceProcess.Service.PROJECTION) + "/actuator/prometheus");
			for (Stage stage : Programmes.pilot().allStages()) {
				assertThat(gauge(prometheus, "pilot_funnel_reached", "pilot", stage.name()))
					.isEqualTo(expected.get(stage.name())[0]);
				assertThat(gauge(prometheus, "pilot_funnel_current", "pilot", stage.name()))
					.isEqualTo(expected.get(stage.name())[1]);
			}
			for (Stage stage : GRADIENT.funnelStages()) {
				assertThat(gauge(prometheus, "pilot_funnel_reached", "gradient", stage.name()))
					.isEqualTo(gradientExpected.get(stage.name() + " reached"));
			}
			for (Stage stage : GRADIENT.allStages()) {
				assertThat(gauge(prometheus, "pilot_funnel_current", "gradient", stage.name()))
					.isEqualTo(gradientExpected.get(stage.name() + " current"));
			}
		});
		HttpResponse<String> anonymousScrape = HTTP.send(HttpRequest
			.newBuilder(URI.create(system.url(ServiceProcess.Service.PROJECTION) + "/actuator/prometheus"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(anonymousScrape.statusCode()).as("the scrape on the public port, without a key").isEqualTo(401);
		assertThat(anonymousScrape.body()).doesNotContain("pilot_funnel");
		long solicitedAcrossDistricts = 0;
		long innovativeAcrossDistricts = 0;
		for (String district : XiamenScenario.DISTRICTS.keySet()) {
			solicitedAcrossDistricts += Long.parseLong(funnel(district).get(0).split(" ")[1]);
			innovativeAcrossDistricts += gradientFunnel("&district=" + encode(district)).get("INNOVATIVE reached");
		}
		assertThat(solicitedAcrossDistricts - baselineOfDemoDistricts).isEqualTo(XiamenScenario.SOLICITED);
		assertThat(innovativeAcrossDistricts - gradientBaselineOfDemoDistricts)
			.isEqualTo(GradientScenario.INNOVATIVE + GradientScenario.INNOVATIVE_AFTER);

		awaitQuiet();
		assertThat(receiptStatuses(scenario)).containsOnlyKeys("APPLIED")
			.containsEntry("APPLIED", (long) scenario.size());

		long logged = ConsumerLag.recordsIn(TestInfrastructure.get().kafkaBootstrapServers(), Topics.MILESTONES);
		int reposted = feeder.feed(scenario);

		assertThat(reposted).isEqualTo(scenario.size());
		assertThat(ConsumerLag.recordsIn(TestInfrastructure.get().kafkaBootstrapServers(), Topics.MILESTONES))
			.as("records on %s after posting everything again", Topics.MILESTONES)
			.isEqualTo(logged);
		awaitQuiet();
		assertThat(funnel(null)).isEqualTo(render(expected));
		assertThat(gradientFunnel("")).isEqualTo(gradientExpected);
	}

	static final Programme GRADIENT = Programmes.gradient();

	static final Map<String, String> HIGH_TECH = Map.of("highTech", "true");

	/**
	 * The gradient's figures besides the whole funnel now: its high-tech enterprises now,
	 * and the letter's figures as of 18 July 2025 (on the analytics endpoint, which takes
	 * {@code asOf}), all of it and its high-tech enterprises.
	 */
	private static void assertGradientFigures(ExpectedFunnel gradient) {
		assertThat(gradientFunnel("&highTech=true"))
			.isEqualTo(sum(gradientBaselineHighTech, gradientFigures(gradient.now(HIGH_TECH))));
		Map<String, Long> asOf = reachedAsOf("");
		Map<String, Long> asOfHighTech = reachedAsOfAmong("highTech", "true");
		Map<String, Long> expectedAsOf = sum(gradientBaselineAsOf,
				reached(gradient.asOf(GradientScenario.AS_OF, Map.of())));
		Map<String, Long> expectedAsOfHighTech = sum(gradientBaselineAsOfHighTech,
				reached(gradient.asOf(GradientScenario.AS_OF, HIGH_TECH)));
		assertThat(asOf).isEqualTo(expectedAsOf);
		assertThat(asOfHighTech).isEqualTo(expectedAsOfHighTech);
		if (TestInfrastructure.mode() != InfrastructureMode.EXTERNAL) {
			assertThat(asOf)
				.containsExactlyEntriesOf(orderedMap("INNOVATIVE", 2462L, "SPECIALISED", 2080L, "LITTLE_GIANT", 183L));
			assertThat(asOfHighTech)
				.containsExactlyEntriesOf(orderedMap("INNOVATIVE", 2095L, "SPECIALISED", 1729L, "LITTLE_GIANT", 173L));
			Map<String, Long> now = gradientFunnel("");
			assertThat(now.get("INNOVATIVE reached")).isEqualTo(2462L + GradientScenario.INNOVATIVE_AFTER);
			assertThat(now.get("SPECIALISED reached")).isEqualTo(2080L + GradientScenario.SPECIALISED_AFTER);
			assertThat(now.get("LITTLE_GIANT reached")).isEqualTo(183L);
			assertThat(now.get("REVOKED current")).isEqualTo(GradientScenario.REVOKED);
			assertThat(now.get("LAPSED current")).isGreaterThanOrEqualTo(GradientScenario.LAPSED);
		}
	}

	/**
	 * The letter's paragraphs of 二(二)1 and 二(二)3 as of its date, word for word, and
	 * smaller figures as of the end of 2024.
	 */
	private static void assertTheLetter() {
		String projection = system.url(ServiceProcess.Service.PROJECTION);
		JsonNode letter = JSON.readTree(get(projection + "/api/v1/reports/letter?asOf=" + GradientScenario.AS_OF));
		assertThat(letter.path("paragraphs").get(0).path("text").asString())
			.isEqualTo("截至2025年7月18日，我市已累计培育创新型中小企业2462家、专精特新中小企业2080家、专精特新“小巨人”企业183家。"
					+ "在国家级高新技术企业中，累计推动2095家成为创新型中小企业、1729家成为专精特新中小企业、173家成为专精特新“小巨人”企业。");
		assertThat(letter.path("paragraphs").get(1).path("text").asString())
			.isEqualTo("截至2025年7月18日，942家中小企业参与试点征集，566家企业立项签约启动改造，302家达到预验收条件。");
		assertThat(get(projection + "/api/v1/reports/letter?lang=en&asOf=" + GradientScenario.AS_OF))
			.contains("As of 18 July 2025, the city had cultivated 2462 innovative SMEs, 2080 specialised SMEs and "
					+ "183 “little giants”.");
		JsonNode earlier = JSON.readTree(get(projection + "/api/v1/reports/letter?asOf=2024-12-31"));
		for (int paragraph = 0; paragraph < 2; paragraph++) {
			JsonNode then = earlier.path("paragraphs").get(paragraph).path("figures");
			JsonNode now = letter.path("paragraphs").get(paragraph).path("figures");
			long thenTotal = 0;
			long nowTotal = 0;
			for (int i = 0; i < now.size(); i++) {
				assertThat(then.get(i).path("value").asLong()).isLessThanOrEqualTo(now.get(i).path("value").asLong());
				thenTotal += then.get(i).path("value").asLong();
				nowTotal += now.get(i).path("value").asLong();
			}
			assertThat(thenTotal).as(then.toString()).isLessThan(nowTotal);
		}
	}

	/** The pilot's expected funnel by stage name. */
	private static Map<String, long[]> pilotExpected() {
		Map<String, long[]> expected = new LinkedHashMap<>();
		XiamenScenario.expectedFunnel().forEach((stage, counts) -> expected.put(stage.name(), counts));
		return expected;
	}

	/**
	 * The gradient's figures as {@link #gradientFunnel} reads them: each funnel stage's
	 * reached and current, each exit's current.
	 */
	private static Map<String, Long> gradientFigures(ExpectedFunnel.Figures figures) {
		Map<String, Long> rows = new LinkedHashMap<>();
		for (Stage stage : GRADIENT.funnelStages()) {
			rows.put(stage.name() + " reached", figures.reached(stage));
			rows.put(stage.name() + " current", figures.current(stage));
		}
		for (Stage exit : GRADIENT.allStages()) {
			if (GRADIENT.isExit(exit)) {
				rows.put(exit.name() + " current", figures.current(exit));
			}
		}
		return rows;
	}

	private static Map<String, Long> gradientFigures(ExpectedFunnel gradient) {
		return gradientFigures(gradient.now());
	}

	private static Map<String, Long> reached(ExpectedFunnel.Figures figures) {
		Map<String, Long> reached = new LinkedHashMap<>();
		GRADIENT.funnelStages().forEach((stage) -> reached.put(stage.name(), figures.reached(stage)));
		return reached;
	}

	static Map<String, Long> gradientBaselineHighTech;

	static Map<String, Long> gradientBaselineAsOf;

	static Map<String, Long> gradientBaselineAsOfHighTech;

	static long gradientBaselineOfDemoDistricts;

	/**
	 * The gradient's figures before the scenario (see {@link #baseline()}): empty but on
	 * external servers.
	 */
	private static Map<String, Long> gradientBaseline() {
		Map<String, Long> baseline = gradientFunnel("");
		gradientBaselineHighTech = gradientFunnel("&highTech=true");
		gradientBaselineAsOf = reachedAsOf("");
		gradientBaselineAsOfHighTech = reachedAsOfAmong("highTech", "true");
		gradientBaselineOfDemoDistricts = 0;
		for (String district : XiamenScenario.DISTRICTS.keySet()) {
			gradientBaselineOfDemoDistricts += gradientFunnel("&district=" + encode(district))
				.get("INNOVATIVE reached");
		}
		if (TestInfrastructure.mode() != InfrastructureMode.EXTERNAL) {
			assertThat(baseline.values()).containsOnly(0L);
			assertThat(gradientBaselineAsOf.values()).containsOnly(0L);
		}
		return baseline;
	}

	private static Map<String, Long> sum(Map<String, Long> baseline, Map<String, Long> scenario) {
		Map<String, Long> sum = new LinkedHashMap<>();
		scenario.forEach((row, count) -> sum.put(row, baseline.getOrDefault(row, 0L) + count));
		return sum;
	}

	/**
	 * {@code GET /api/v1/funnel?programme=gradient<query>}: each stage row's reached and
	 * current, each exit row's current.
	 */
	private static Map<String, Long> gradientFunnel(String query) {
		JsonNode body = JSON
			.readTree(get(system.url(ServiceProcess.Service.PROJECTION) + "/api/v1/funnel?programme=gradient" + query));
		assertThat(body.path("programme").asString()).isEqualTo("gradient");
		Map<String, Long> rows = new LinkedHashMap<>();
		for (JsonNode stage : body.get("stages")) {
			String name = stage.get("stage").asString();
			if (!GRADIENT.isExit(new Stage(name))) {
				rows.put(name + " reached", stage.get("reached").asLong());
			}
			rows.put(name + " current", stage.get("current").asLong());
		}
		for (JsonNode exit : body.get("exits")) {
			// an exit's reached counts every enterprise that ever took it, also those
			// that
			// came back: never fewer than are in it now
			assertThat(exit.get("reached").asLong()).as(exit.get("stage").asString() + " reached")
				.isGreaterThanOrEqualTo(exit.get("current").asLong());
			rows.put(exit.get("stage").asString() + " current", exit.get("current").asLong());
		}
		return rows;
	}

	/**
	 * {@code GET /api/v1/analytics?programme=gradient&asOf=2025-07-18<query>}: reached
	 * per funnel stage as of the end of that day in China.
	 */
	private static Map<String, Long> reachedAsOf(String query) {
		JsonNode body = JSON.readTree(get(system.url(ServiceProcess.Service.PROJECTION)
				+ "/api/v1/analytics?programme=gradient&asOf=" + GradientScenario.AS_OF + query));
		Map<String, Long> reached = new LinkedHashMap<>();
		for (JsonNode stage : body.get("funnel").get("stages")) {
			reached.put(stage.get("stage").asString(), stage.get("reached").asLong());
		}
		return reached;
	}

	/**
	 * The same, among the enterprises with one value of a declared attribute: the
	 * analytics answer's breakdown by that attribute.
	 */
	private static Map<String, Long> reachedAsOfAmong(String attribute, String value) {
		JsonNode body = JSON.readTree(get(system.url(ServiceProcess.Service.PROJECTION)
				+ "/api/v1/analytics?programme=gradient&asOf=" + GradientScenario.AS_OF));
		Map<String, Long> reached = new LinkedHashMap<>();
		for (JsonNode group : body.get("breakdowns").get(attribute)) {
			if (value.equals(group.get("key").asString())) {
				for (JsonNode stage : group.get("funnel").get("stages")) {
					reached.put(stage.get("stage").asString(), stage.get("reached").asLong());
				}
			}
		}
		return reached;
	}

	private static Map<String, Long> orderedMap(String a, long countA, String b, long countB, String c, long countC) {
		Map<String, Long> map = new LinkedHashMap<>();
		map.put(a, countA);
		map.put(b, countB);
		map.put(c, countC);
		return map;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static long baselineOfDemoDistricts;

	/**
	 * The funnel before the scenario, once everything already in the log has been
	 * applied: empty on embedded infrastructure and on Testcontainers; on external
	 * servers it may hold what earlier test runs left.
	 */
	private static Map<String, long[]> baseline() {
		awaitQuiet();
		Map<String, long[]> baseline = new LinkedHashMap<>();
		for (String row : funnel(null)) {
			String[] parts = row.split(" ");
			baseline.put(parts[0], new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[2]) });
		}
		baselineOfDemoDistricts = 0;
		for (String district : XiamenScenario.DISTRICTS.keySet()) {
			baselineOfDemoDistricts += Long.parseLong(funnel(district).get(0).split(" ")[1]);
		}
		if (TestInfrastructure.mode() != InfrastructureMode.EXTERNAL) {
			assertThat(baseline.values()).allSatisfy((counts) -> assertThat(counts).containsExactly(0, 0));
		}
		return baseline;
	}

	private static Map<String, long[]> plus(Map<String, long[]> baseline, Map<String, long[]> scenario) {
		Map<String, long[]> sum = new LinkedHashMap<>();
		scenario.forEach((stage, counts) -> sum.put(stage,
				new long[] { baseline.get(stage)[0] + counts[0], baseline.get(stage)[1] + counts[1] }));
		return sum;
	}

	/**
	 * Waits until both consumer groups have no lag and the lifecycle's outbox is empty.
	 */
	private static void awaitQuiet() {
		Infrastructure infrastructure = TestInfrastructure.get();
		String kafka = infrastructure.kafkaBootstrapServers();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> ConsumerLag.of(kafka, "pilot-lifecycle", Topics.MILESTONES) == 0
					&& outboxSize(infrastructure) == 0
					&& ConsumerLag.of(kafka, "funnel-projection", Topics.STAGE_CHANGES) == 0
					&& ConsumerLag.of(kafka, "milestone-gateway", Topics.MILESTONE_DECISIONS) == 0);
	}

	private static long outboxSize(Infrastructure infrastructure) throws Exception {
		try (Connection connection = DriverManager.getConnection(infrastructure.jdbcUrl(),
				infrastructure.postgresUser(), infrastructure.postgresPassword());
				ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM lifecycle.outbox")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** How many of the scenario's milestones have a receipt in each status. */
	private static Map<String, Long> receiptStatuses(List<DemoMilestone> scenario) {
		Map<String, Long> statuses = new HashMap<>();
		for (DemoMilestone milestone : scenario) {
			String url = system.url(ServiceProcess.Service.GATEWAY) + "/api/v1/milestones/"
					+ URLEncoder.encode(milestone.id(), StandardCharsets.UTF_8) + "?source="
					+ URLEncoder.encode(milestone.source(), StandardCharsets.UTF_8);
			statuses.merge(JSON.readTree(get(url)).get("status").asString(), 1L, Long::sum);
		}
		return statuses;
	}

	private static List<String> funnel(String district) {
		String query = (district != null) ? "?district=" + URLEncoder.encode(district, StandardCharsets.UTF_8) : "";
		JsonNode body = JSON.readTree(get(system.url(ServiceProcess.Service.PROJECTION) + "/api/v1/funnel" + query));
		return body.get("stages")
			.valueStream()
			.map((stage) -> stage.get("stage").asString() + " " + stage.get("reached").asLong() + " "
					+ stage.get("current").asLong())
			.toList();
	}

	private static List<String> render(Map<String, long[]> expected) {
		return expected.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " " + entry.getValue()[0] + " " + entry.getValue()[1])
			.toList();
	}

	/**
	 * The value of the series {@code name{programme="…",stage="…"}} (other labels
	 * allowed, in any order).
	 */
	private static long gauge(String prometheus, String name, String programme, String stage) {
		Matcher series = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} ([0-9.E+-]+)$").matcher(prometheus);
		while (series.find()) {
			String labels = series.group(1);
			if (labels.matches("(.*,)?programme=\"" + programme + "\"(,.*)?")
					&& labels.matches("(.*,)?stage=\"" + stage + "\"(,.*)?")) {
				return (long) Double.parseDouble(series.group(2));
			}
		}
		throw new AssertionError(
				name + "{programme=\"" + programme + "\",stage=\"" + stage + "\"} is not in the Prometheus text");
	}

	/**
	 * GETs with the office key, like a client that honours {@code Retry-After} when the
	 * key is over its rate (reading some 8,000 receipts one after another is).
	 */
	private static String get(String url) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", TestApiKeys.officeBearer())
				.timeout(Duration.ofSeconds(30))
				.build();
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			for (int attempt = 1; response.statusCode() == 429 && attempt < 10; attempt++) {
				Thread
					.sleep(Duration.ofSeconds(response.headers().firstValueAsLong("Retry-After").orElse(1)).toMillis());
				response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			}
			assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
			return response.body();
		}
		catch (Exception ex) {
			throw new AssertionError("GET " + url + " failed: " + ex, ex);
		}
	}

}
