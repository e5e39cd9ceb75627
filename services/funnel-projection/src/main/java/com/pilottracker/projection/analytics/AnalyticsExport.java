package com.pilottracker.projection.analytics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the leadership page shows, as CSV or XLSX: stamped with asOf, knownAt and the
 * position, one row for the whole funnel and one per district, industry, provider and
 * cohort, the stalled pilots, and every column's definition. Pure.
 */
final class AnalyticsExport {

	/** The funnel table's columns and what each means. */
	static final Map<String, String> COLUMNS;

	static {
		Map<String, String> columns = new LinkedHashMap<>();
		columns.put("breakdown", "total, district, industry, provider or cohort");
		columns.put("group", "the district, industry, provider or cohort month; 'all' for the total");
		columns.put("solicited_reached", Definitions.ALL.get("reached") + " Stage: solicited.");
		columns.put("contracted_reached", Definitions.ALL.get("reached") + " Stage: contracted.");
		columns.put("pre_acceptance_reached", Definitions.ALL.get("reached") + " Stage: pre-acceptance.");
		columns.put("withdrawn", Definitions.ALL.get("withdrawn"));
		columns.put("solicited_current", Definitions.ALL.get("current") + " Stage: solicited.");
		columns.put("contracted_current", Definitions.ALL.get("current") + " Stage: contracted.");
		columns.put("pre_acceptance_current", Definitions.ALL.get("current") + " Stage: pre-acceptance.");
		columns.put("solicited_drop_off", Definitions.ALL.get("dropOff") + " Stage: solicited.");
		columns.put("contracted_drop_off", Definitions.ALL.get("dropOff") + " Stage: contracted.");
		columns.put("conversion_solicited_to_contracted", Definitions.ALL.get("conversion.solicitedToContracted"));
		columns.put("conversion_contracted_to_pre_acceptance",
				Definitions.ALL.get("conversion.contractedToPreAcceptance"));
		columns.put("conversion_end_to_end", Definitions.ALL.get("conversion.endToEnd"));
		columns.put("days_solicited_to_contracted_median", Definitions.ALL.get("timeInStage"));
		columns.put("days_solicited_to_contracted_p75", Definitions.ALL.get("timeInStage"));
		columns.put("days_solicited_to_contracted_p90", Definitions.ALL.get("timeInStage"));
		columns.put("days_contracted_to_pre_acceptance_median", Definitions.ALL.get("timeInStage"));
		columns.put("days_contracted_to_pre_acceptance_p75", Definitions.ALL.get("timeInStage"));
		columns.put("days_contracted_to_pre_acceptance_p90", Definitions.ALL.get("timeInStage"));
		COLUMNS = java.util.Collections.unmodifiableMap(columns);
	}

	static final List<String> STALLED_COLUMNS = List.of("uscc", "stage", "since", "days_waiting", "provider",
			"district", "industry");

	private AnalyticsExport() {
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
		if (view.rebuilding()) {
			rows.add(List.of("rebuilding",
					"a rebuild of the projection is in progress: these are the figures from before it"));
		}
		return rows;
	}

	static List<List<Object>> funnelTable(AnalyticsView view) {
		List<List<Object>> rows = new ArrayList<>();
		List<Object> header = new ArrayList<>();
		COLUMNS.keySet().forEach((name) -> header.add(new XlsxWriter.Bold(name)));
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
		for (FunnelAnalytics.StalledPilot pilot : view.stalled().pilots()) {
			rows.add(Arrays.asList(pilot.uscc(), pilot.stage(), pilot.since().toString(), pilot.daysWaiting(),
					pilot.provider(), pilot.district(), pilot.industry()));
		}
		return rows;
	}

	static List<List<Object>> definitionsTable(AnalyticsView view) {
		List<List<Object>> rows = new ArrayList<>();
		rows.add(List.of(new XlsxWriter.Bold("column"), new XlsxWriter.Bold("definition")));
		COLUMNS.forEach((name, definition) -> rows.add(List.of(name, definition)));
		rows.add(List.of("stalled",
				Definitions.ALL.get("stalled") + " Thresholds in days: " + view.stalled().thresholdDays() + "; at most "
						+ FunnelAnalytics.MAX_STALLED_LISTED + " listed, longest waiting first."));
		rows.add(List.of("asOf", Definitions.ALL.get("asOf")));
		rows.add(List.of("knownAt", Definitions.ALL.get("knownAt")));
		rows.add(List.of("position", Definitions.ALL.get("position")));
		return rows;
	}

	static byte[] xlsx(AnalyticsView view) {
		List<List<Object>> funnel = new ArrayList<>(stamp(view));
		funnel.add(List.of());
		funnel.addAll(funnelTable(view));
		List<List<Object>> stalled = new ArrayList<>(stamp(view));
		stalled.add(List.of());
		stalled.add(List.of("stalled pilots in total", view.stalled().total()));
		stalled.addAll(stalledTable(view));
		return new XlsxWriter().sheet("Funnel", funnel)
			.sheet("Stalled", stalled)
			.sheet("Definitions", definitionsTable(view))
			.toBytes();
	}

	/** UTF-8 with a byte-order mark, so Excel reads the Chinese names right. */
	static byte[] csv(AnalyticsView view) {
		StringBuilder csv = new StringBuilder("\uFEFF");
		append(csv, stamp(view));
		csv.append("\r\n");
		append(csv, funnelTable(view));
		csv.append("\r\n");
		append(csv, List.of(List.of("stalled pilots in total", view.stalled().total())));
		append(csv, stalledTable(view));
		csv.append("\r\n");
		append(csv, definitionsTable(view));
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

	private static List<Object> row(String breakdown, String group, FunnelAnalytics.Funnel funnel,
			FunnelAnalytics.TimeInStage time) {
		List<FunnelAnalytics.StageFigures> stages = funnel.stages();
		return Arrays.asList(breakdown, group, stages.get(0).reached(), stages.get(1).reached(),
				stages.get(2).reached(), funnel.withdrawn(), stages.get(0).current(), stages.get(1).current(),
				stages.get(2).current(), stages.get(0).dropOff(), stages.get(1).dropOff(),
				funnel.conversion().solicitedToContracted(), funnel.conversion().contractedToPreAcceptance(),
				funnel.conversion().endToEnd(), time.solicitedToContracted().medianDays(),
				time.solicitedToContracted().p75Days(), time.solicitedToContracted().p90Days(),
				time.contractedToPreAcceptance().medianDays(), time.contractedToPreAcceptance().p75Days(),
				time.contractedToPreAcceptance().p90Days());
	}

}
