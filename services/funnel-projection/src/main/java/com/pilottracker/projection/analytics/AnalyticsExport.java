package com.pilottracker.projection.analytics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;

/**
 * What the leadership page shows, as CSV or XLSX: stamped with asOf, knownAt and the
 * position, one row for the whole funnel and one per district, industry, provider and
 * cohort (and each of the programme's own attributes), the stalled enterprises, and every
 * column's definition. Pure.
 */
final class AnalyticsExport {

	static final List<String> STALLED_COLUMNS = List.of("uscc", "stage", "since", "days_waiting", "provider",
			"district", "industry");

	private AnalyticsExport() {
	}

	/**
	 * The funnel table's columns and what each means, from the programme's definition:
	 * per stage {@code <stage>_reached}, per exit {@code <exit>} (its reached), per stage
	 * {@code <stage>_current}, per stage but the last {@code <stage>_drop_off}, per pair
	 * of consecutive stages {@code conversion_<a>_to_<b>}, {@code conversion_end_to_end},
	 * and per pair {@code days_<a>_to_<b>_median}, {@code _p75}, {@code _p90}. For the
	 * pilot these are the columns of the release before.
	 */
	static Map<String, String> columns(Programme programme, Map<String, String> definitions) {
		List<Stage> stages = programme.funnelStages();
		Map<String, String> columns = new LinkedHashMap<>();
		columns.put("breakdown",
				"total, district, industry, provider, cohort" + programme.declaredAttributes()
					.stream()
					.map((attribute) -> " or " + attribute.name())
					.reduce("", String::concat));
		columns.put("group", "the district, industry, provider, cohort month or attribute value; 'all' for the total");
		for (Stage stage : stages) {
			columns.put(snake(stage) + "_reached", definitions.get("reached") + " Stage: " + words(stage) + ".");
		}
		for (Programme.ExitDefinition exit : programme.exits()) {
			columns.put(snake(exit.stage()), definitions.get("withdrawn") + " Exit: " + words(exit.stage()) + ".");
		}
		for (Stage stage : stages) {
			columns.put(snake(stage) + "_current", definitions.get("current") + " Stage: " + words(stage) + ".");
		}
		for (int i = 0; i + 1 < stages.size(); i++) {
			columns.put(snake(stages.get(i)) + "_drop_off",
					definitions.get("dropOff") + " Stage: " + words(stages.get(i)) + ".");
		}
		for (int i = 0; i + 1 < stages.size(); i++) {
			columns.put("conversion_" + snake(stages.get(i)) + "_to_" + snake(stages.get(i + 1)),
					definitions.get("conversion." + FunnelAnalytics.pair(stages.get(i), stages.get(i + 1))));
		}
		columns.put("conversion_end_to_end", definitions.get("conversion." + FunnelAnalytics.END_TO_END));
		for (int i = 0; i + 1 < stages.size(); i++) {
			String days = "days_" + snake(stages.get(i)) + "_to_" + snake(stages.get(i + 1));
			for (String figure : List.of("_median", "_p75", "_p90")) {
				columns.put(days + figure, definitions.get("timeInStage"));
			}
		}
		return columns;
	}

	private static String snake(Stage stage) {
		return stage.name().toLowerCase(java.util.Locale.ROOT);
	}

	private static String words(Stage stage) {
		return FunnelAnalytics.words(stage);
	}

	static List<List<Object>> stamp(AnalyticsView view) {
		List<List<Object>> rows = new ArrayList<>();
		rows.add(List.of(new XlsxWriter.Bold("Pilot Tracker funnel")));
		rows.add(List.of("asOf", (view.asOf() != null) ? view.asOf().toString() : "all steps"));
		rows.add(List.of("knownAt",
				(view.knownAt() != null) ? view.knownAt().toString() : "everything recorded by " + view.generatedAt()));
		rows.add(List.of("position", view.position().sequence() + " (last applied "
				+ ((view.position().lastAppliedAt() != null) ? view.position().lastAppliedAt() : "never") + ")"));
		rows.add(List.of("generatedAt", view.generatedAt().toString()));
		rows.add(List.of("programme", view.programme()));
		if (view.rebuilding()) {
			rows.add(List.of("rebuilding",
					"a rebuild of the projection is in progress: these are the figures from before it"));
		}
		return rows;
	}

	static List<List<Object>> funnelTable(Programme programme, AnalyticsView view) {
		List<List<Object>> rows = new ArrayList<>();
		List<Object> header = new ArrayList<>();
		columns(programme, view.definitions()).keySet().forEach((name) -> header.add(new XlsxWriter.Bold(name)));
		rows.add(header);
		rows.add(row("total", "all", view.funnel(), view.timeInStage()));
		view.breakdowns()
			.forEach((breakdown, groups) -> groups
				.forEach((group) -> rows.add(row(breakdown, group.key(), group.funnel(), group.timeInStage()))));
		return rows;
	}

	static List<List<Object>> stalledTable(AnalyticsView view) {
		List<List<Object>> rows = new ArrayList<>();
		List<Object> header = new ArrayList<>();
		STALLED_COLUMNS.forEach((name) -> header.add(new XlsxWriter.Bold(name)));
		rows.add(header);
		for (FunnelAnalytics.StalledEnterprise pilot : view.stalled().pilots()) {
			rows.add(Arrays.asList(pilot.uscc(), pilot.stage(), pilot.since().toString(), pilot.daysWaiting(),
					pilot.provider(), pilot.district(), pilot.industry()));
		}
		return rows;
	}

	static List<List<Object>> definitionsTable(Programme programme, AnalyticsView view) {
		Map<String, String> definitions = view.definitions();
		List<List<Object>> rows = new ArrayList<>();
		rows.add(List.of(new XlsxWriter.Bold("column"), new XlsxWriter.Bold("definition")));
		columns(programme, definitions).forEach((name, definition) -> rows.add(List.of(name, definition)));
		rows.add(
				List.of("stalled", definitions.get("stalled") + " Thresholds in days: " + view.stalled().thresholdDays()
						+ "; at most " + FunnelAnalytics.MAX_STALLED_LISTED + " listed, longest waiting first."));
		rows.add(List.of("asOf", definitions.get("asOf")));
		rows.add(List.of("knownAt", definitions.get("knownAt")));
		rows.add(List.of("position", definitions.get("position")));
		rows.add(List.of("programme", definitions.get("programme")));
		for (Programme.AttributeDefinition attribute : programme.declaredAttributes()) {
			rows.add(List.of(attribute.name(), definitions.get(attribute.name())));
		}
		return rows;
	}

	static byte[] xlsx(Programme programme, AnalyticsView view) {
		List<List<Object>> funnel = new ArrayList<>(stamp(view));
		funnel.add(List.of());
		funnel.addAll(funnelTable(programme, view));
		List<List<Object>> stalled = new ArrayList<>(stamp(view));
		stalled.add(List.of());
		stalled.add(List.of("stalled pilots in total", view.stalled().total()));
		stalled.addAll(stalledTable(view));
		return new XlsxWriter().sheet("Funnel", funnel)
			.sheet("Stalled", stalled)
			.sheet("Definitions", definitionsTable(programme, view))
			.toBytes();
	}

	/** UTF-8 with a byte-order mark, so Excel reads the Chinese names right. */
	static byte[] csv(Programme programme, AnalyticsView view) {
		StringBuilder csv = new StringBuilder("\uFEFF");
		append(csv, stamp(view));
		csv.append("\r\n");
		append(csv, funnelTable(programme, view));
		csv.append("\r\n");
		append(csv, List.of(List.of("stalled pilots in total", view.stalled().total())));
		append(csv, stalledTable(view));
		csv.append("\r\n");
		append(csv, definitionsTable(programme, view));
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void append(StringBuilder csv, List<List<Object>> rows) {
		for (List<Object> row : rows) {
			for (int i = 0; i < row.size(); i++) {
				if (i > 0) {
					csv.append(',');
				}
				csv.append(field(row.get(i)));
			}
			csv.append("\r\n");
		}
	}

	static String field(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		// a leading =, +, - or @ would be a formula to a spreadsheet: quote it as text
		boolean formula = !(value instanceof Number) && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0;
		if (formula) {
			text = "'" + text;
		}
		if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
			return '"' + text.replace("\"", "\"\"") + '"';
		}
		return text;
	}

	private static List<Object> row(String breakdown, String group, FunnelAnalytics.FunnelFigures funnel,
			Map<String, FunnelAnalytics.Span> time) {
		List<Object> row = new ArrayList<>();
		row.add(breakdown);
		row.add(group);
		funnel.stages().forEach((stage) -> row.add(stage.reached()));
		funnel.exits().forEach((exit) -> row.add(exit.reached()));
		funnel.stages().forEach((stage) -> row.add(stage.current()));
		funnel.stages()
			.stream()
			.filter((stage) -> stage.dropOff() != null)
			.forEach((stage) -> row.add(stage.dropOff()));
		row.addAll(funnel.conversion().values());
		for (FunnelAnalytics.Span span : time.values()) {
			row.add(span.medianDays());
			row.add(span.p75Days());
			row.add(span.p90Days());
		}
		return row;
	}

}
