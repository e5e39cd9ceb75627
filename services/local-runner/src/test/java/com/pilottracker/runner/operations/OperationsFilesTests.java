package com.pilottracker.runner.operations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsFilesTests {

	@Test
	@SuppressWarnings("unchecked")
	void everyComposeServiceHasAnImageOrBuildAndAHealthCheckAndEveryMountedFileExists() {
		Map<String, Object> compose = OperationsFiles.yaml(OperationsFiles.ROOT.resolve("docker-compose.yml"));
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

		assertThat(services).containsKeys("kafka", "postgres", "milestone-gateway", "pilot-lifecycle",
				"funnel-projection", "prometheus", "grafana");
		List<String> problems = new ArrayList<>();
		services.forEach((name, service) -> {
			if (!service.containsKey("image") && !service.containsKey("build")) {
				problems.add(name + " has neither image nor build");
			}
			if (!(service.get("healthcheck") instanceof Map<?, ?> health) || !health.containsKey("test")) {
				problems.add(name + " has no health check");
			}
			if (service.get("build") instanceof Map<?, ?> build) {
				Path dockerfile = OperationsFiles.ROOT.resolve(String.valueOf(build.get("context")))
					.resolve(String.valueOf(build.get("dockerfile")));
				if (!Files.isRegularFile(dockerfile)) {
					problems.add(name + " builds from a missing " + dockerfile);
				}
			}
			for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
				String source = String.valueOf(volume).split(":")[0];
				if (source.startsWith(".") || source.startsWith("/")) {
					if (!Files.exists(OperationsFiles.ROOT.resolve(source).normalize())) {
						problems.add(name + " mounts a missing " + source);
					}
				}
			}
			if (service.get("depends_on") instanceof Map<?, ?> dependencies) {
				dependencies.forEach((dependency, condition) -> {
					if (!services.containsKey(String.valueOf(dependency))) {
						problems.add(name + " depends on an unknown " + dependency);
					}
				});
			}
		});
		assertThat(problems).isEmpty();
	}

	@Test
	void everyDashboardHasItsFixedUidAndEveryPanelUsesTheProvisionedDatasource() {
		Map<String, Object> datasources = OperationsFiles
			.yaml(OperationsFiles.ROOT.resolve("infra/grafana/provisioning/datasources/prometheus.yml"));
		assertThat(datasources.toString()).contains("uid=pilot-prometheus");
		Set<String> uids = new HashSet<>();
		List<String> problems = new ArrayList<>();
		for (Path file : OperationsFiles.dashboards()) {
			JsonNode dashboard = OperationsFiles.dashboard(file);
			uids.add(dashboard.path("uid").asString());
			for (JsonNode panel : dashboard.path("panels")) {
				if (panel.has("targets")
						&& !"pilot-prometheus".equals(panel.path("datasource").path("uid").asString())) {
					problems
						.add(file.getFileName() + " / " + panel.path("title").asString() + " has another datasource");
				}
			}
		}
		assertThat(uids).contains("pilot-leadership-funnel", "pilot-operations", "pilot-provider-activity");
		assertThat(problems).isEmpty();
		assertThat(OperationsFiles.dashboardQueries()).hasSizeGreaterThan(20);
	}

	@Test
	void everyDashboardOffersTheProgrammesAndEveryFunnelAndLifecycleQueryShowsTheOneChosen() {
		// the metrics whose series carry a programme: a query of one of them either shows
		// the
		// programme chosen or keeps the programmes apart
		Pattern perProgrammeMetric = Pattern.compile("pilot_funnel_\\w+|pilot_stalled_pilots|pilot_milestones_"
				+ "(decided|rejected|held)\\w*|pilot_gateway_milestones_total");
		List<String> problems = new ArrayList<>();
		for (Path file : OperationsFiles.dashboards()) {
			JsonNode variables = OperationsFiles.dashboard(file).path("templating").path("list");
			JsonNode programme = null;
			for (JsonNode variable : variables) {
				if ("programme".equals(variable.path("name").asString())) {
					programme = variable;
				}
			}
			if (programme == null) {
				problems.add(file.getFileName() + " has no programme variable");
			}
			else if (!"label_values(pilot_funnel_reached, programme)"
				.equals(programme.path("query").path("query").asString())) {
				problems.add(file.getFileName() + " offers other programmes: " + programme.path("query"));
			}
		}
		for (OperationsFiles.Query query : OperationsFiles.dashboardQueries()) {
			if (perProgrammeMetric.matcher(query.expr()).find() && !query.expr().contains("programme=\"$programme\"")
					&& !query.perProgramme()) {
				problems.add(query.where() + " mixes the programmes: " + query.expr());
			}
		}
		assertThat(problems).isEmpty();
		assertThat(OperationsFiles.dashboardQueries()).filteredOn((query) -> query.expr().contains("$programme"))
			.hasSizeGreaterThan(15);
	}

	@Test
	void aDashboardQueryIsAskedForEveryProgrammeThatShips() {
		assertThat(OperationsFiles.programmes()).containsExactly("pilot", "gradient");
		OperationsFiles.Query query = new OperationsFiles.Query("funnel / Reached",
				"max by (stage) (pilot_funnel_reached{programme=\"$programme\"})");
		assertThat(query.forProgramme("gradient")).isEqualTo(new OperationsFiles.Query("funnel / Reached [gradient]",
				"max by (stage) (pilot_funnel_reached{programme=\"gradient\"})"));
		assertThat(OperationsFiles.dashboardQueriesPerProgramme()).map(OperationsFiles.Query::expr)
			.contains("max by (stage) (pilot_funnel_reached{programme=\"pilot\"})",
					"max by (stage) (pilot_funnel_reached{programme=\"gradient\"})")
			.noneMatch((expr) -> expr.contains("$programme"));
	}

	@Test
	void everyAlertOnTheFunnelOrTheLifecycleKeepsTheProgrammesApartAndNamesItsProgramme() {
		Map<String, Object> rules = OperationsFiles.yaml(OperationsFiles.PROMETHEUS.resolve("alerts.yml"));
		List<String> problems = new ArrayList<>();
		for (OperationsFiles.Query alert : OperationsFiles.alertQueries()) {
			boolean programmeMetric = alert.expr().contains("pilot_stalled_pilots")
					|| alert.expr().contains("pilot_funnel_") || alert.expr().contains("pilot_milestones_");
			if (programmeMetric && !alert.perProgramme()) {
				problems.add(alert.where() + " adds up the programmes: " + alert.expr());
			}
			if (programmeMetric && !String.valueOf(annotations(rules, alert.where())).contains("$labels.programme")) {
				problems.add(alert.where() + " does not name its programme");
			}
		}
		assertThat(problems).isEmpty();
		assertThat(OperationsFiles.alertQueries()).filteredOn(OperationsFiles.Query::perProgramme).isNotEmpty();
	}

	@SuppressWarnings("unchecked")
	private static Object annotations(Map<String, Object> rules, String alert) {
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				if (alert.equals(rule.get("alert"))) {
					return rule.get("annotations");
				}
			}
		}
		return null;
	}

	@Test
	void anAlertWatchesItsExpressionWithoutTheThreshold() {
		assertThat(new OperationsFiles.Query("a", "sum(rate(x[5m])) / sum(rate(y[5m])) > 0.01").watched())
			.isEqualTo("sum(rate(x[5m])) / sum(rate(y[5m]))");
		assertThat(new OperationsFiles.Query("b", "up{job=\"x\"} == 0").watched()).isEqualTo("up{job=\"x\"}");
		assertThat(new OperationsFiles.Query("c", "absent(up)").watched()).isEqualTo("absent(up)");
	}

	@Test
	void anExpressionKeepsTheProgrammesApartWhenItAggregatesByProgramme() {
		assertThat(new OperationsFiles.Query("a", "max by (programme, stage) (x) > 0").perProgramme()).isTrue();
		assertThat(new OperationsFiles.Query("b", "max by (stage, programme) (x) > 0").perProgramme()).isTrue();
		assertThat(new OperationsFiles.Query("c", "max by (stage) (x) > 0").perProgramme()).isFalse();
		assertThat(new OperationsFiles.Query("d", "max by (programmes) (x)").perProgramme()).isFalse();
	}

}
