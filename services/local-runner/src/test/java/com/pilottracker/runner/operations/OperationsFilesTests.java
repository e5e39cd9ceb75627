package com.pilottracker.runner.operations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
	void anAlertWatchesItsExpressionWithoutTheThreshold() {
		assertThat(new OperationsFiles.Query("a", "sum(rate(x[5m])) / sum(rate(y[5m])) > 0.01").watched())
			.isEqualTo("sum(rate(x[5m])) / sum(rate(y[5m]))");
		assertThat(new OperationsFiles.Query("b", "up{job=\"x\"} == 0").watched()).isEqualTo("up{job=\"x\"}");
		assertThat(new OperationsFiles.Query("c", "absent(up)").watched()).isEqualTo("absent(up)");
	}

}
