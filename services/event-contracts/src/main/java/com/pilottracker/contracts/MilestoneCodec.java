package com.pilottracker.contracts;

import java.time.Instant;
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
		Instant instant;
		try {
			instant = Instant.parse(text);
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
