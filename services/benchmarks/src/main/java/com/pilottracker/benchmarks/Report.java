package com.pilottracker.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of one run: each product figure with its ceiling, the ratio and the target;
 * printed as a table and written as JSON.
 */
public final class Report {

	private final Map<String, Object> context = new LinkedHashMap<>();

	private final List<Row> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	public void context(String name, Object value) {
		this.context.put(name, value);
	}

	public void add(Row row) {
		this.rows.add(row);
		System.out.println("  " + row.format());
	}

	public void note(String note) {
		this.notes.add(note);
		System.out.println("  note: " + note);
	}

	public List<Row> rows() {
		return List.copyOf(this.rows);
	}

	/** The table, as printed at the end of a run. */
	public String table() {
		StringBuilder table = new StringBuilder();
		this.context.forEach((name, value) -> table.append(String.format(Locale.ROOT, "%-22s %s%n", name, value)));
		table.append('\n');
		String header = String.format(Locale.ROOT, "%-52s %12s %-7s %-36s %12s %6s  %-18s %s", "figure", "product",
				"unit", "ceiling", "ceiling value", "ratio", "target", "met");
		table.append(header).append('\n').append("-".repeat(header.length())).append('\n');
		for (Row row : this.rows) {
			table.append(row.format()).append('\n');
		}
		if (!this.notes.isEmpty()) {
			table.append('\n');
			this.notes.forEach((note) -> table.append("note: ").append(note).append('\n'));
		}
		return table.toString();
	}

	public void writeJson(Path file) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("context", this.context);
		List<Map<String, Object>> figures = new ArrayList<>();
		for (Row row : this.rows) {
			Map<String, Object> figure = new LinkedHashMap<>();
			figure.put("figure", row.figure());
			figure.put("value", finite(row.value()));
			figure.put("unit", row.unit());
			figure.put("ceiling", row.ceiling());
			figure.put("ceilingValue", finite(row.ceilingValue()));
			figure.put("ratio", finite(row.ratio()));
			figure.put("target", row.target());
			figure.put("met", row.met());
			figures.add(figure);
		}
		document.put("figures", figures);
		document.put("notes", this.notes);
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file,
					JsonMapper.builder()
						.enable(SerializationFeature.INDENT_OUTPUT)
						.build()
						.writeValueAsString(document));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Double finite(double value) {
		return (Double.isFinite(value)) ? value : null;
	}

	/**
	 * One figure.
	 *
	 * @param figure what was measured
	 * @param value the product's figure
	 * @param unit its unit
	 * @param ceiling what it is compared with, {@code null} if nothing
	 * @param ceilingValue the ceiling's figure (same unit), NaN if none
	 * @param target the target as text, {@code null} if none
	 * @param met whether the target is met, {@code null} if there is none
	 */
	public record Row(String figure, double value, String unit, String ceiling, double ceilingValue, String target,
			Boolean met) {

		public static Row of(String figure, double value, String unit) {
			return new Row(figure, value, unit, null, Double.NaN, null, null);
		}

		public double ratio() {
			return (Double.isNaN(this.ceilingValue) || this.ceilingValue == 0) ? Double.NaN
					: this.value / this.ceilingValue;
		}

		String format() {
			return String.format(Locale.ROOT, "%-52s %12s %-7s %-36s %12s %6s  %-18s %s", this.figure,
					number(this.value), this.unit, (this.ceiling != null) ? this.ceiling : "",
					Double.isNaN(this.ceilingValue) ? "" : number(this.ceilingValue),
					Double.isNaN(ratio()) ? "" : String.format(Locale.ROOT, "%.2f", ratio()),
					(this.target != null) ? this.target : "", (this.met == null) ? "" : (this.met ? "yes" : "NO"));
		}

		private static String number(double value) {
			if (Double.isInfinite(value)) {
				return "never";
			}
			return (Math.abs(value) >= 100) ? String.format(Locale.ROOT, "%,.0f", value)
					: String.format(Locale.ROOT, "%.2f", value);
		}

	}

}
