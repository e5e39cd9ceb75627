package com.pilottracker.runner.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations files in {@code infra/} and {@code docker-compose.yml}, read for their
 * tests: the PromQL of every dashboard panel and every alert rule.
 */
final class OperationsFiles {

	/** The repository root: the tests run in {@code services/local-runner}. */
	static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

	static final Path PROMETHEUS = ROOT.resolve("infra/prometheus");

	static final Path DASHBOARDS = ROOT.resolve("infra/grafana/dashboards");

	/** What a panel query writes where the dashboard's programme variable goes. */
	static final String PROGRAMME_VARIABLE = "$programme";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OperationsFiles() {
	}

	/** Every dashboard file, by name. */
	static List<Path> dashboards() {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode dashboard(Path file) {
		try {
			return JSON.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The ids of the programmes that ship: each dashboard is checked for each. */
	static List<String> programmes() {
		return Programmes.shipped().all().stream().map(Programme::id).toList();
	}

	/**
	 * Every panel's every target's PromQL as Prometheus receives it: a query that uses
	 * {@code $programme} once for each programme that ships ("dashboard / panel
	 * [programme]"), any other once.
	 */
	static List<Query> dashboardQueriesPerProgramme() {
		List<Query> queries = new ArrayList<>();
		for (Query query : dashboardQueries()) {
			if (query.expr().contains(PROGRAMME_VARIABLE)) {
				for (String programme : programmes()) {
					queries.add(query.forProgramme(programme));
				}
			}
			else {
				queries.add(query);
			}
		}
		return queries;
	}

	/** Every panel's every target's PromQL, as "dashboard / panel: expr". */
	static List<Query> dashboardQueries() {
		List<Query> queries = new ArrayList<>();
		for (Path file : dashboards()) {
			collect(dashboard(file).path("panels"), file.getFileName().toString(), queries);
		}
		return queries;
	}

	private static void collect(JsonNode panels, String dashboard, List<Query> queries) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				if (target.hasNonNull("expr")) {
					queries.add(new Query(dashboard + " / " + panel.path("title").asString(),
							target.path("expr").asString()));
				}
			}
			collect(panel.path("panels"), dashboard, queries);
		}
	}

	/** Every alert rule's expression, as "alert: expr". */
	@SuppressWarnings("unchecked")
	static List<Query> alertQueries() {
		Map<String, Object> rules = yaml(PROMETHEUS.resolve("alerts.yml"));
		List<Query> queries = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				queries.add(new Query(String.valueOf(rule.get("alert")), String.valueOf(rule.get("expr")).strip()));
			}
		}
		return queries;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> yaml(Path file) {
		try {
			return (Map<String, Object>) new Yaml().load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A PromQL expression and where it is used.
	 *
	 * @param where the dashboard and panel, or the alert
	 * @param expr the expression
	 */
	record Query(String where, String expr) {

		/** The query with the dashboard's programme variable set to the programme. */
		Query forProgramme(String programme) {
			return new Query(this.where + " [" + programme + "]", this.expr.replace(PROGRAMME_VARIABLE, programme));
		}

		/**
		 * Whether the expression keeps the programmes apart ({@code by (programme, …)}).
		 */
		boolean perProgramme() {
			return java.util.regex.Pattern.compile("by \\((\\w+, )*programme\\b").matcher(this.expr).find();
		}

		/**
		 * What an alert watches: its expression without the final comparison with a
		 * threshold ({@code x > 0.01} watches {@code x}). The watched part must return
		 * data on a running system, or the alert could never fire.
		 */
		String watched() {
			java.util.regex.Matcher matcher = java.util.regex.Pattern
				.compile("(?s)^(.*?)\\s*(==|!=|>=|<=|>|<)\\s*[0-9.eE+-]+\\s*$")
				.matcher(this.expr);
			return matcher.matches() ? matcher.group(1) : this.expr;
		}

	}

}
