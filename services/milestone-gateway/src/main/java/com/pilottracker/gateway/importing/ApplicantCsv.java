package com.pilottracker.gateway.importing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pilottracker.gateway.problem.FieldError;

/**
 * Reads the office's applicant list: CSV (RFC 4180: commas, double quotes, CRLF or LF) in
 * UTF-8 with or without a byte-order mark, a header row in Chinese or English. Pure:
 * bytes in, rows out; it judges the file's shape, not its values (the milestone checks do
 * that).
 */
final class ApplicantCsv {

	/** The columns, and the headers each is known by. */
	enum Column {

		USCC(true, "统一社会信用代码", "uscc"), NAME(false, "企业名称", "name"), DISTRICT(true, "所属区", "district"),
		INDUSTRY(true, "行业", "industry"), APPLIED_ON(true, "申报日期", "applied on", "appliedon", "applied_on");

		private final boolean required;

		private final List<String> headers;

		Column(boolean required, String... headers) {
			this.required = required;
			this.headers = List.of(headers);
		}

		/** How the column is named in answers: its English header. */
		String label() {
			return this.headers.get(1);
		}

		static Column of(String header) {
			String normal = header.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
			for (Column column : values()) {
				if (column.headers.contains(normal)) {
					return column;
				}
			}
			return null;
		}

	}

	private static final Pattern DATE = Pattern
		.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?(?:[ T]00:00(?::00)?)?");

	private ApplicantCsv() {
	}

	/** The file's rows, or the reason it cannot be read at all. */
	static Parsed parse(byte[] body, int maxRows) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return Parsed.refused(new FieldError("/", "the file is not UTF-8; save it as \"CSV UTF-8\""));
		}
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		List<Line> lines;
		try {
			lines = records(text);
		}
		catch (IllegalArgumentException ex) {
			return Parsed.refused(new FieldError("/", ex.getMessage()));
		}
		while (!lines.isEmpty() && lines.get(0).isBlank()) {
			lines.remove(0);
		}
		if (lines.isEmpty()) {
			return Parsed.refused(new FieldError("/", "the file is empty; the first line must name the columns"));
		}
		Line header = lines.get(0);
		Map<Column, Integer> positions = new EnumMap<>(Column.class);
		List<String> ignored = new ArrayList<>();
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < header.fields().size(); i++) {
			String name = header.fields().get(i);
			Column column = Column.of(name);
			if (column == null) {
				if (!name.isBlank()) {
					ignored.add(name.strip());
				}
			}
			else if (positions.putIfAbsent(column, i) != null) {
				errors.add(new FieldError("/header/" + i, "column '" + name.strip() + "' is given twice"));
			}
		}
		for (Column column : Column.values()) {
			if (column.required && !positions.containsKey(column)) {
				errors.add(new FieldError("/header",
						"column " + column.headers.get(0) + " / " + column.label() + " is missing"));
			}
		}
		if (!errors.isEmpty()) {
			return Parsed.refused(errors);
		}
		List<Row> rows = new ArrayList<>();
		for (Line line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			if (rows.size() == maxRows) {
				return Parsed.tooLarge(maxRows);
			}
			rows.add(row(line, positions));
		}
		if (rows.isEmpty()) {
			return Parsed.refused(new FieldError("/", "the file has a header but no applicants"));
		}
		return new Parsed(rows, ignored, List.of(), false);
	}

	private static Row row(Line line, Map<Column, Integer> positions) {
		Map<Column, String> values = new EnumMap<>(Column.class);
		positions.forEach((column, position) -> {
			String value = (position < line.fields().size()) ? line.fields().get(position).strip() : "";
			values.put(column, value.isEmpty() ? null : value);
		});
		List<FieldError> errors = new ArrayList<>();
		LocalDate appliedOn = null;
		String date = values.get(Column.APPLIED_ON);
		if (date != null) {
			Matcher matcher = DATE.matcher(date);
			try {
				if (!matcher.matches()) {
					throw new DateTimeException(date);
				}
				appliedOn = LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
						Integer.parseInt(matcher.group(3)));
			}
			catch (DateTimeException ex) {
				errors.add(new FieldError("appliedOn",
						"'" + date + "' is not a date; write it as 2024-03-15, 2024/3/15 or 2024年3月15日"));
			}
		}
		return new Row(line.number(), values.get(Column.USCC), values.get(Column.NAME), values.get(Column.DISTRICT),
				values.get(Column.INDUSTRY), appliedOn, errors);
	}

	/** Splits the text into records of fields, by RFC 4180. */
	private static List<Line> records(String text) {
		List<Line> lines = new ArrayList<>();
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean wasQuoted = false;
		int number = 1;
		int start = 1;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					if (c == '\n') {
						number++;
					}
					field.append(c);
				}
			}
			else if (c == '"') {
				if (field.length() > 0 || wasQuoted) {
					throw new IllegalArgumentException("line " + number + ": a quote inside an unquoted field; "
							+ "quote the whole field and double the quotes inside it");
				}
				quoted = true;
				wasQuoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
				wasQuoted = false;
			}
			else if (c == '\r' || c == '\n') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				fields.add(field.toString());
				lines.add(new Line(start, List.copyOf(fields)));
				fields.clear();
				field.setLength(0);
				wasQuoted = false;
				number++;
				start = number;
			}
			else {
				if (wasQuoted) {
					throw new IllegalArgumentException("line " + number + ": text after a closing quote");
				}
				field.append(c);
			}
		}
		if (quoted) {
			throw new IllegalArgumentException("line " + start + ": a quoted field is not closed");
		}
		if (field.length() > 0 || !fields.isEmpty() || wasQuoted) {
			fields.add(field.toString());
			lines.add(new Line(start, List.copyOf(fields)));
		}
		return lines;
	}

	private record Line(int number, List<String> fields) {

		boolean isBlank() {
			return this.fields.stream().allMatch(String::isBlank);
		}

	}

	/**
	 * One applicant as the file gives it.
	 *
	 * @param line the line it starts on, counting the header as line 1
	 * @param uscc the code, as written
	 * @param name the enterprise's name
	 * @param district its district
	 * @param industry its industry
	 * @param appliedOn the day it applied, if the date could be read
	 * @param errors what is wrong with the row's shape (an unreadable date)
	 */
	record Row(int line, String uscc, String name, String district, String industry, LocalDate appliedOn,
			List<FieldError> errors) {

		/** The row's values by English header, to show with its result. */
		Map<String, String> values() {
			Map<String, String> values = new LinkedHashMap<>();
			values.put("uscc", this.uscc);
			values.put("name", this.name);
			values.put("district", this.district);
			values.put("industry", this.industry);
			values.put("appliedOn", (this.appliedOn != null) ? this.appliedOn.toString() : null);
			return values;
		}

	}

	/**
	 * A file read.
	 *
	 * @param rows the applicants, when the file could be read
	 * @param ignoredColumns headers that name no known column
	 * @param errors why the file could not be read at all
	 * @param tooLarge whether it has more rows than allowed
	 */
	record Parsed(List<Row> rows, List<String> ignoredColumns, List<FieldError> errors, boolean tooLarge) {

		static Parsed refused(FieldError error) {
			return refused(List.of(error));
		}

		static Parsed refused(List<FieldError> errors) {
			return new Parsed(List.of(), List.of(), errors, false);
		}

		static Parsed tooLarge(int maxRows) {
			return new Parsed(List.of(), List.of(), List.of(new FieldError("/", "more than " + maxRows + " rows")),
					true);
		}

	}

}
