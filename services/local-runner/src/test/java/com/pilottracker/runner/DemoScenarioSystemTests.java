package com.pilottracker.runner;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pilottracker.contracts.Stage;
import com.pilottracker.infra.embedded.Ports;
import com.pilottracker.runner.demo.DemoMilestone;
import com.pilottracker.runner.demo.ScenarioFeeder;
import com.pilottracker.runner.demo.XiamenScenario;
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
 * on a real broker and a real PostgreSQL, the demo scenario posted over HTTP.
 */
@Tag("system")
class DemoScenarioSystemTests {

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static PilotSystem system;

	@BeforeAll
	static void startTheSystem() {
		Map<ServiceProcess.Service, Integer> ports = new EnumMap<>(ServiceProcess.Service.class);
		for (ServiceProcess.Service service : ServiceProcess.Service.ALL) {
			ports.put(service, Ports.freePort());
		}
		Path services = Path.of(System.getProperty("pilot.services.directory", "target/services"));
		system = PilotSystem.start(services, Path.of("target/system-test-logs"), ports,
				TestInfrastructure.get().asEnvironment(), Duration.ofMinutes(3));
	}

	@AfterAll
	static void stopTheSystem() {
		if (system != null) {
			system.close();
		}
	}

	@Test
	void showsTheXiamenFunnelThroughTheApiAndPrometheusAndCountsARepostedScenarioOnce() {
		List<DemoMilestone> scenario = XiamenScenario.generate(XiamenScenario.DEFAULT_SEED);
		ScenarioFeeder feeder = new ScenarioFeeder(system.url(ServiceProcess.Service.GATEWAY), 16);

		int accepted = feeder.feed(scenario);

		assertThat(accepted).isEqualTo(scenario.size());
		Map<Stage, long[]> expected = XiamenScenario.expectedFunnel();
		await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(funnel(null)).isEqualTo(render(expected)));
		assertThat(expected.get(Stage.SOLICITED)[0]).isEqualTo(942);
		assertThat(expected.get(Stage.CONTRACTED)[0]).isEqualTo(566);
		assertThat(expected.get(Stage.PRE_ACCEPTANCE)[0]).isEqualTo(302);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String prometheus = get(system.url(ServiceProcess.Service.PROJECTION) + "/actuator/prometheus");
			assertThat(gauge(prometheus, "pilot_funnel_reached", "SOLICITED")).isEqualTo(942);
			assertThat(gauge(prometheus, "pilot_funnel_reached", "CONTRACTED")).isEqualTo(566);
			assertThat(gauge(prometheus, "pilot_funnel_reached", "PRE_ACCEPTANCE")).isEqualTo(302);
			assertThat(gauge(prometheus, "pilot_funnel_current", "PRE_ACCEPTANCE")).isEqualTo(302);
			assertThat(gauge(prometheus, "pilot_funnel_reached", "WITHDRAWN"))
				.isEqualTo(expected.get(Stage.WITHDRAWN)[0]);
		});
		long solicitedAcrossDistricts = 0;
		for (String district : XiamenScenario.DISTRICTS.keySet()) {
			solicitedAcrossDistricts += Long.parseLong(funnel(district).get(0).split(" ")[1]);
		}
		assertThat(solicitedAcrossDistricts).isEqualTo(942);

		int reposted = feeder.feed(scenario);

		assertThat(reposted).isEqualTo(scenario.size());
		await().atMost(Duration.ofMinutes(2))
			.untilAsserted(() -> assertThat(duplicatesDecided()).isEqualTo(scenario.size()));
		assertThat(funnel(null)).isEqualTo(render(expected));
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

	private static List<String> render(Map<Stage, long[]> expected) {
		return expected.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " " + entry.getValue()[0] + " " + entry.getValue()[1])
			.toList();
	}

	private static long duplicatesDecided() {
		String prometheus = get(system.url(ServiceProcess.Service.LIFECYCLE) + "/actuator/prometheus");
		Matcher matcher = Pattern.compile("(?m)^pilot_milestones_decided_total\\{[^}]*outcome=\"duplicate\"[^}]*\\} ([0-9.E]+)$")
			.matcher(prometheus);
		double total = 0;
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return (long) total;
	}

	private static long gauge(String prometheus, String name, String stage) {
		Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*stage=\"" + stage + "\"[^}]*\\} ([0-9.E]+)$")
			.matcher(prometheus);
		assertThat(matcher.find()).as("%s{stage=%s} in the Prometheus text", name, stage).isTrue();
		return (long) Double.parseDouble(matcher.group(1));
	}

	private static String get(String url) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
			return response.body();
		}
		catch (Exception ex) {
			throw new AssertionError("GET " + url + " failed: " + ex, ex);
		}
	}

}
