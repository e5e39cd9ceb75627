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
		Payload payload = new Payload(data.district(), data.industry(), data.provider(), data.enterpriseName());
		return new WireRecord(milestone.subject().value(), headers, JSON.writeValueAsBytes(payload));
	}

	/**
	 * Reads a milestone record.
	 * @throws MalformedEventException if a required header is missing or wrong, or the
	 * value is not the expected JSON
	 */
	public static Milestone decode(WireRecord record) {
		CloudEventHeaders.requireVersion1(record);
		String type = required(record, CloudEventHeaders.TYPE);
		MilestoneType milestoneType = MilestoneType.fromCloudEventType(type)
			.orElseThrow(() -> new MalformedEventException("unknown ce_type '" + type + "'"));
		Uscc subject;
		try {
			subject = new Uscc(required(record, CloudEventHeaders.SUBJECT));
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedEventException("bad ce_subject: " + ex.getMessage(), ex);
		}
		Instant time = instant(required(record, CloudEventHeaders.TIME), CloudEventHeaders.TIME);
		Payload payload = payload(record.value(), Payload.class);
		MilestoneData data = (payload != null) ? new MilestoneData(payload.district(), payload.industry(),
				payload.provider(), payload.enterpriseName()) : MilestoneData.none();
		return new Milestone(required(record, CloudEventHeaders.ID), required(record, CloudEventHeaders.SOURCE),
				milestoneType, subject, time, data);
	}

	static String required(WireRecord record, String header) {
		String value = record.header(header);
		if (value == null || value.isBlank()) {
			throw new MalformedEventException("missing header " + header);
		}
		return value;
	}

	static Instant instant(String text, String what) {
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new MalformedEventException(what + " is not an RFC 3339 UTC instant: '" + text + "'", ex);
		}
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

	record Payload(String district, String industry, String provider, String enterpriseName) {
	}

}
