package com.pilottracker.gateway.milestone;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Uscc;

/**
 * Checks a posted CloudEvent and turns it into a {@link Milestone}, collecting every
 * problem rather than stopping at the first. Pure: no I/O, no clock.
 */
final class MilestoneRequestValidator {

	static final int MAX_ATTRIBUTE_LENGTH = 256;

	private static final String KNOWN_TYPES = Arrays.stream(MilestoneType.values())
		.map(MilestoneType::cloudEventType)
		.collect(Collectors.joining(", "));

	private MilestoneRequestValidator() {
	}

	static Milestone validate(CloudEventRequest request) {
		List<FieldError> errors = new ArrayList<>();
		if (!"1.0".equals(request.specversion())) {
			errors.add(new FieldError("/specversion", "must be \"1.0\""));
		}
		String id = requiredAttribute(request.id(), "/id", errors);
		String source = requiredAttribute(request.source(), "/source", errors);
		MilestoneType type = null;
		if (isBlank(request.type())) {
			errors.add(new FieldError("/type", "is required; one of " + KNOWN_TYPES));
		}
		else {
			type = MilestoneType.fromCloudEventType(request.type()).orElse(null);
			if (type == null) {
				errors.add(new FieldError("/type", "'" + request.type() + "' is not one of " + KNOWN_TYPES));
			}
		}
		Uscc subject = subject(request.subject(), errors);
		Instant time = time(request.time(), errors);
		if (request.datacontenttype() != null && !request.datacontenttype().startsWith("application/json")) {
			errors.add(new FieldError("/datacontenttype", "must be application/json"));
		}
		MilestoneData data = data(request.data(), type, errors);
		if (!errors.isEmpty()) {
			throw new InvalidMilestoneException(errors);
		}
		return new Milestone(id, source, type, subject, time, data);
	}

	private static String requiredAttribute(String value, String pointer, List<FieldError> errors) {
		if (isBlank(value)) {
			errors.add(new FieldError(pointer, "is required"));
			return null;
		}
		if (value.length() > MAX_ATTRIBUTE_LENGTH) {
			errors.add(new FieldError(pointer, "must be at most " + MAX_ATTRIBUTE_LENGTH + " characters"));
			return null;
		}
		return value;
	}

	private static Uscc subject(String subject, List<FieldError> errors) {
		if (isBlank(subject)) {
			errors.add(new FieldError("/subject", "is required: the enterprise's 18-character USCC"));
			return null;
		}
		try {
			return new Uscc(subject);
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldError("/subject", ex.getMessage()));
			return null;
		}
	}

	private static Instant time(String time, List<FieldError> errors) {
		if (isBlank(time)) {
			errors.add(new FieldError("/time", "is required: when the step happened, RFC 3339"));
			return null;
		}
		try {
			return OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldError("/time", "'" + time + "' is not an RFC 3339 timestamp with an offset"));
			return null;
		}
	}

	private static MilestoneData data(Map<String, Object> data, MilestoneType type, List<FieldError> errors) {
		Map<String, Object> fields = (data != null) ? data : Map.of();
		String district = text(fields, "district", errors);
		String industry = text(fields, "industry", errors);
		String provider = text(fields, "provider", errors);
		String enterpriseName = text(fields, "enterpriseName", errors);
		if (type == MilestoneType.SOLICITED) {
			requireData(district, "district", type, errors);
			requireData(industry, "industry", type, errors);
		}
		if (type == MilestoneType.CONTRACTED) {
			requireData(provider, "provider", type, errors);
		}
		return new MilestoneData(district, industry, provider, enterpriseName);
	}

	private static String text(Map<String, Object> fields, String name, List<FieldError> errors) {
		Object value = fields.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			errors.add(new FieldError("/data/" + name, "must be a string"));
			return null;
		}
		if (text.length() > MAX_ATTRIBUTE_LENGTH) {
			errors.add(new FieldError("/data/" + name, "must be at most " + MAX_ATTRIBUTE_LENGTH + " characters"));
			return null;
		}
		return text.isBlank() ? null : text.strip();
	}

	private static void requireData(String value, String name, MilestoneType type, List<FieldError> errors) {
		boolean alreadyReported = errors.stream().anyMatch((error) -> error.pointer().equals("/data/" + name));
		if (value == null && !alreadyReported) {
			errors.add(new FieldError("/data/" + name, "is required for " + type.cloudEventType()));
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
