package com.pilottracker.runner.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} and the files it uses are safe by default: only the gateway,
 * the projection and Grafana are published; every password comes from the environment and
 * compose refuses to start without it; each service logs in with its own database role
 * (whose rights {@code PostgresRolesIntegrationTests} checks); Grafana has no anonymous
 * user; Prometheus scrapes the management ports, which are never published.
 */
class DeploymentFilesTests {

	/**
	 * {@code ${VARIABLE:?message}}: compose refuses to start when the variable is unset.
	 */
	static final Pattern REQUIRED = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*):\\?[^}]+}$");

	static final Map<String, String> SERVICE_PORTS = Map.of("milestone-gateway", "8080", "pilot-lifecycle", "8081",
			"funnel-projection", "8082");

	static final Map<String, String> SERVICE_MODULES = Map.of("milestone-gateway", "milestone-gateway",
			"pilot-lifecycle", "pilot-lifecycle", "funnel-projection", "funnel-projection");

	@Test
	void publishesOnlyTheGatewayTheProjectionAndGrafana() {
		Map<String, List<String>> published = new LinkedHashMap<>();
		services().forEach((name, service) -> {
			List<String> ports = strings(service.get("ports"));
			if (!ports.isEmpty()) {
				published.put(name, ports);
			}
		});
		assertThat(published).containsOnlyKeys("milestone-gateway", "funnel-projection", "grafana");
		assertThat(published.get("milestone-gateway")).containsExactly("8080:8080");
		assertThat(published.get("funnel-projection")).containsExactly("8082:8082");
		assertThat(published.get("grafana")).containsExactly("3000:3000");
		published.values()
			.stream()
			.flatMap(List::stream)
			.forEach((port) -> assertThat(port).as("a management port published").doesNotContain("908"));
	}

	@Test
	void takesEveryPasswordAndKeyFromTheEnvironmentAndRefusesToStartWithoutIt() {
		List<String> problems = new ArrayList<>();
		services().forEach((name, service) -> environment(service).forEach((variable, value) -> {
			if (variable.matches(".*(PASSWORD|_KEY|SECRET).*") && !REQUIRED.matcher(value).matches()) {
				problems.add(name + " " + variable + " is not ${VARIABLE:?message}: " + value);
			}
		}));
		assertThat(problems).isEmpty();
		assertThat(environment(services().get("postgres"))).containsKey("POSTGRES_PASSWORD");
		assertThat(environment(services().get("grafana"))).containsKey("GF_SECURITY_ADMIN_PASSWORD");
	}

	@Test
	void keepsNoPasswordInTheDockerfilesOrInfra() throws IOException {
		List<Path> files = new ArrayList<>();
		for (String module : SERVICE_MODULES.values()) {
			files.add(OperationsFiles.ROOT.resolve("services").resolve(module).resolve("Dockerfile"));
		}
		try (var infra = Files.walk(OperationsFiles.ROOT.resolve("infra"))) {
			infra.filter(Files::isRegularFile).forEach(files::add);
		}
		// a password or secret given a value of letters or digits (YAML "key: value",
		// shell or Dockerfile "KEY=value"), once every ${VARIABLE…} is taken out
		Pattern literal = Pattern.compile("(?i)\\b\\w*(password|secret)\\w*[\"']?\\s*(=|:\\s)\\s*[\"']?[A-Za-z0-9]");
		List<String> problems = new ArrayList<>();
		for (Path file : files) {
			Matcher matcher = literal.matcher(Files.readString(file).replaceAll("\\$\\{[^}]*}", ""));
			while (matcher.find()) {
				problems.add(OperationsFiles.ROOT.relativize(file) + ": " + matcher.group());
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void letsEachServiceLogInWithItsOwnRoleThatTheInitScriptCreates() {
		Map<String, Map<String, Object>> services = services();
		assertThat(environment(services.get("milestone-gateway"))).containsEntry("PILOT_POSTGRES_USER", "gateway")
			.containsEntry("PILOT_POSTGRES_PASSWORD",
					environment(services.get("postgres")).get("PILOT_GATEWAY_DB_PASSWORD"));
		assertThat(environment(services.get("pilot-lifecycle"))).containsEntry("PILOT_POSTGRES_USER", "lifecycle")
			.containsEntry("PILOT_POSTGRES_PASSWORD",
					environment(services.get("postgres")).get("PILOT_LIFECYCLE_DB_PASSWORD"));
		assertThat(environment(services.get("funnel-projection"))).containsEntry("PILOT_POSTGRES_USER", "projection")
			.containsEntry("PILOT_POSTGRES_PASSWORD",
					environment(services.get("postgres")).get("PILOT_PROJECTION_DB_PASSWORD"))
			// its role may not write the access schema: the gateway migrates it and
			// stores
			// the bootstrap key
			.containsEntry("PILOT_ACCESS_MIGRATE_SCHEMA", "false")
			.doesNotContainKey("PILOT_BOOTSTRAP_OFFICE_KEY");
		assertThat(strings(services.get("postgres").get("volumes")))
			.contains("./infra/postgres/init:/docker-entrypoint-initdb.d:ro");
		Set<String> required = new LinkedHashSet<>();
		Matcher variable = Pattern.compile("\\$\\{(PILOT_[A-Z_]+):\\?").matcher(PostgresRolesIntegrationTests.script());
		while (variable.find()) {
			required.add(variable.group(1));
		}
		assertThat(required).isNotEmpty();
		assertThat(environment(services.get("postgres"))).containsKeys(required.toArray(String[]::new));
	}

	@Test
	void letsNoAnonymousUserIntoGrafana() {
		Map<String, String> grafana = environment(services().get("grafana"));
		assertThat(grafana).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false")
			.containsEntry("GF_USERS_ALLOW_SIGN_UP", "false")
			.doesNotContainKey("GF_AUTH_ANONYMOUS_ORG_ROLE");
	}

	@Test
	void scrapesEachServiceOnItsManagementPort() {
		List<String> targets = new ArrayList<>();
		Matcher target = Pattern.compile("targets: \\[\"([a-z-]+:[0-9]+)\"]")
			.matcher(read(OperationsFiles.PROMETHEUS.resolve("prometheus.yml")));
		while (target.find()) {
			targets.add(target.group(1));
		}
		List<String> expected = new ArrayList<>();
		SERVICE_MODULES.forEach((service, module) -> expected.add(service + ":" + managementPort(module)));
		assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
		SERVICE_PORTS.forEach((service, port) -> assertThat(targets).doesNotContain(service + ":" + port));
	}

	/** The default of {@code management.server.port} in the service's application.yml. */
	static String managementPort(String module) {
		Matcher port = Pattern
			.compile("(?m)^management:\\n  server:\\n(?:    #.*\\n)*    port: \\$\\{[A-Z_]+:([0-9]+)}")
			.matcher(read(OperationsFiles.ROOT.resolve("services/" + module + "/src/main/resources/application.yml")));
		assertThat(port.find()).as("management.server.port of %s", module).isTrue();
		return port.group(1);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> services() {
		return (Map<String, Map<String, Object>>) OperationsFiles
			.yaml(OperationsFiles.ROOT.resolve("docker-compose.yml"))
			.get("services");
	}

	@SuppressWarnings("unchecked")
	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		((Map<String, Object>) service.getOrDefault("environment", Map.of()))
			.forEach((name, value) -> environment.put(name, String.valueOf(value)));
		return environment;
	}

	static List<String> strings(Object list) {
		List<String> strings = new ArrayList<>();
		if (list instanceof List<?> items) {
			items.forEach((item) -> strings.add(String.valueOf(item)));
		}
		return strings;
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
