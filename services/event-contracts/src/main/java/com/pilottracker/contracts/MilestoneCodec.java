package com.pilottracker.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads a {@link Milestone} as a CloudEvents binary-mode Kafka record on
 * {@link Topics#MILESTONES}: key = USCC, context attributes in {@code ce_*} headers, the
 * {@code data} as JSON in the value.
 */
public final class MilestoneCodec {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private MilestoneCodec() {
	}

	public static WireRecord encode(Milestone milestone) {
		Map<String, String> headers = CloudEventHeaders.binaryMode(milestone.id(), milestone.source(),
				milestone.type().cloudEventType(), milestone.subject().value(), milestone.time());
		MilestoneData data = milestone.data();
		Payload payload = new Payload(data.district(), data.industry(), data.provider(), data.enterpriseName(),
				data.attributes().isEmpty() ? null : data.attributes());
		return new WireRecord(milestone.subject().value(), headers, JSON.writeValueAsBytes(payload),
				milestone.acceptedAt());
	}

	/**
	 * Reads a milestone record.
	 * @throws MalformedEventException if a required header is missing or wrong, or the
	 * value is not the expected JSON
	 */
	public static Milestone decode(WireRecord record) {
		CloudEventHeaders.requireVersion1(record);
		String type = required(record, CloudEventHeaders.TYPE);
		MilestoneType milestoneType;
		try {
			// which programme declares it is for the reader's catalog to say
			milestoneType = new MilestoneType(type);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedEventException("bad ce_type: " + ex.getMessage(), ex);
		}
		Uscc subject;
		try {
			subject = new Uscc(required(record, CloudEventHeaders.SUBJECT));
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedEventException("bad ce_subject: " + ex.getMessage(), ex);
		}
		Instant time = instant(required(record, CloudEventHeaders.TIME), CloudEventHeaders.TIME);
		Payload payload = payload(record.value(), Payload.class);
		MilestoneData data = (payload != null)
				? new MilestoneData(text(payload.district(), "data.district"),
						text(payload.industry(), "data.industry"), text(payload.provider(), "data.provider"),
						text(payload.enterpriseName(), "data.enterpriseName"), attributes(payload.attributes()))
				: MilestoneData.none();
		return new Milestone(required(record, CloudEventHeaders.ID), required(record, CloudEventHeaders.SOURCE),
				milestoneType, subject, time, record.timestamp(), data);
	}

	static String required(WireRecord record, String header) {
		String value = record.header(header);
		if (value == null || value.isBlank()) {
			throw new MalformedEventException("missing header " + header);
		}
		return text(value, header);
	}

	/**
	 * The text, unless it holds what no table or log line may ({@link Text}): such a
	 * record is refused as unreadable, whoever produced it, before it reaches a table.
	 */
	static String text(String value, String what) {
		String problem = Text.problem(value);
		if (problem != null) {
			throw new MalformedEventException(what + " " + problem);
		}
		return value;
	}

	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	static Instant instant(String text, String what) {
		Instant instant = usualInstant(text);
		try {
			if (instant == null) {
				instant = Instant.parse(text);
			}
		}
		catch (DateTimeParseException ex) {
			throw new MalformedEventException(what + " is not an RFC 3339 UTC instant: '" + Text.forLog(text) + "'",
					ex);
		}
		// RFC 3339 has four-digit years; PostgreSQL's timestamptz ends in 294276
		if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			throw new MalformedEventException(what + " lies outside the years 0001 to 9999: " + instant);
		}
		return instant;
	}

	/**
	 * What {@link Instant#parse} gives for the form every producer writes
	 * ({@link Instant#toString}): {@code uuuu-MM-ddTHH:mm:ss}, optionally {@code .} and
	 * one to nine digits, then {@code Z}, a valid date and time. {@code null} for
	 * anything else, which {@link Instant#parse} reads (or refuses) as before. Reading it
	 * by hand spares the formatter Java 17 builds for every instant it parses: a consumer
	 * reads several instants per record.
	 */
	static Instant usualInstant(String text) {
		int length = (text != null) ? text.length() : 0;
		if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
				|| text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		int nano = 0;
		if (length > 20) {
			int fractionDigits = length - 21;
			if (text.charAt(19) != '.' || fractionDigits == 0) {
				return null;
			}
			nano = digits(text, 20, fractionDigits);
			for (int i = fractionDigits; i < 9 && nano >= 0; i++) {
				nano *= 10;
			}
		}
		if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
				|| second < 0 || second > 59 || nano < 0 || day > Month.of(month).length(Year.isLeap(year))) {
			return null;
		}
		long epochDay = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nano);
	}

	/**
	 * The decimal number of {@code count} ASCII digits from {@code from}; -1 if any is
	 * not one.
	 */
	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	static <T> T payload(byte[] value, Class<T> type) {
		if (value == null || value.length == 0) {
			return null;
		}
		try {
			return JSON.readValue(value, type);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException(
					"value is not a JSON " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	static byte[] json(Object value) {
		return JSON.writeValueAsBytes(value);
	}

	static Map<String, String> attributes(Map<String, String> attributes) {
		if (attributes == null) {
			return Map.of();
		}
		attributes.forEach((name, value) -> {
			text(name, "data.attributes");
			text(value, "data.attributes." + name);
		});
		return attributes;
	}

	record Payload(String district, String industry, String provider, String enterpriseName,
			Map<String, String> attributes) {
	}

}
