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
import com.pilottracker.contracts.Text;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.gateway.problem.FieldError;

/**
 * Checks a posted CloudEvent (its attributes as JSON gave them, {@code data} included)
 * and turns it into a {@link Milestone}, collecting every problem rather than stopping at
 * the first. Pure: no I/O; the clock and the reference data come in the
 * {@link ValidationRules}.
 */
final class MilestoneRequestValidator {

	static final int MAX_ATTRIBUTE_LENGTH = 256;

	private static final String KNOWN_TYPES = Arrays.stream(MilestoneType.values())
		.map(MilestoneType::cloudEventType)
		.collect(Collectors.joining(", "));

	private MilestoneRequestValidator() {
	}

	static Milestone validate(Map<String, Object> event, ValidationRules rules) {
		List<FieldError> errors = new ArrayList<>();
		String specVersion = text(event, "specversion", "/specversion", errors);
		if (!"1.0".equals(specVersion) && errors.stream().noneMatch((e) -> e.pointer().equals("/specversion"))) {
			errors.add(new FieldError("/specversion", "must be \"1.0\""));
		}
		String id = required(text(event, "id", "/id", errors), "/id", errors);
		String source = required(text(event, "source", "/source", errors), "/source", errors);
		MilestoneType type = type(text(event, "type", "/type", errors), errors);
		Uscc subject = subject(text(event, "subject", "/subject", errors), rules, errors);
		Instant time = time(text(event, "time", "/time", errors), rules, errors);
		String contentType = text(event, "datacontenttype", "/datacontenttype", errors);
		if (contentType != null && !contentType.startsWith("application/json")) {
			errors.add(new FieldError("/datacontenttype", "must be application/json"));
		}
		MilestoneData data = data(event.get("data"), type, rules, errors);
		if (!errors.isEmpty()) {
			throw new InvalidMilestoneException(errors);
		}
		return new Milestone(id, source, type, subject, time, data);
	}

	private static String text(Map<String, Object> fields, String name, String pointer, List<FieldError> errors) {
		Object value = fields.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			errors.add(new FieldError(pointer, "must be a string"));
			return null;
		}
		if (text.length() > MAX_ATTRIBUTE_LENGTH) {
			errors.add(new FieldError(pointer, "must be at most " + MAX_ATTRIBUTE_LENGTH + " characters"));
			return null;
		}
		String problem = Text.problem(text);
		if (problem != null) {
			// what PostgreSQL, a log line or a CSV export would choke on is refused here
			errors.add(new FieldError(pointer, problem + "; only printable text is accepted"));
			return null;
		}
		return text;
	}

	private static String required(String value, String pointer, List<FieldError> errors) {
		if (value == null || value.isBlank()) {
			if (errors.stream().noneMatch((error) -> error.pointer().equals(pointer))) {
				errors.add(new FieldError(pointer, "is required"));
			}
			return null;
		}
		return value;
	}

	private static MilestoneType type(String type, List<FieldError> errors) {
		if (type == null || type.isBlank()) {
			if (errors.stream().noneMatch((error) -> error.pointer().equals("/type"))) {
				errors.add(new FieldError("/type", "is required; one of " + KNOWN_TYPES));
			}
			return null;
		}
		MilestoneType known = MilestoneType.fromCloudEventType(type).orElse(null);
		if (known == null) {
			errors.add(new FieldError("/type", "'" + type + "' is not one of " + KNOWN_TYPES));
		}
		return known;
	}

	private static Uscc subject(String subject, ValidationRules rules, List<FieldError> errors) {
		if (subject == null || subject.isBlank()) {
			if (errors.stream().noneMatch((error) -> error.pointer().equals("/subject"))) {
				errors.add(new FieldError("/subject", "is required: the enterprise's 18-character USCC"));
			}
			return null;
		}
		Uscc uscc;
		try {
			uscc = new Uscc(subject);
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldError("/subject", ex.getMessage()));
			return null;
		}
		if (!uscc.hasValidCheckCharacter() && !rules.referenceData().usccExceptions().contains(uscc.value())) {
			errors.add(new FieldError("/subject",
					"check character is '" + uscc.value().charAt(Uscc.LENGTH - 1) + "' but GB 32100-2015 expects '"
							+ uscc.expectedCheckCharacter() + "'; a legally issued code that fails the check is "
							+ "accepted once the programme office puts it on its exception list"));
			return null;
		}
		return uscc;
	}

	private static Instant time(String time, ValidationRules rules, List<FieldError> errors) {
		if (time == null || time.isBlank()) {
			if (errors.stream().noneMatch((error) -> error.pointer().equals("/time"))) {
				errors.add(new FieldError("/time", "is required: when the step happened, RFC 3339"));
			}
			return null;
		}
		Instant instant;
		try {
			instant = OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldError("/time", "'" + time + "' is not an RFC 3339 timestamp with an offset"));
			return null;
		}
		if (instant.isAfter(rules.now().plus(rules.clockSkew()))) {
			errors.add(new FieldError("/time", "lies in the future (the gateway's clock says " + rules.now() + ")"));
			return null;
		}
		if (instant.isBefore(rules.programmeStart())) {
			errors.add(new FieldError("/time", "lies before the programme started (" + rules.programmeStart() + ")"));
			return null;
		}
		if (rules.backdateLimit() != null && instant.isBefore(rules.now().minus(rules.backdateLimit()))) {
			errors.add(new FieldError("/time",
					"lies more than " + rules.backdateLimit().toDays() + " days back (the gateway's clock says "
							+ rules.now() + "); a provider reports a step within that time, the programme office "
							+ "posts older ones"));
			return null;
		}
		return instant;
	}

	private static MilestoneData data(Object data, MilestoneType type, ValidationRules rules, List<FieldError> errors) {
		Map<?, ?> fields = Map.of();
		if (data instanceof Map<?, ?> map) {
			fields = map;
		}
		else if (data != null) {
			errors.add(new FieldError("/data", "must be a JSON object"));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (Map<String, Object>) fields;
		String district = strip(text(values, "district", "/data/district", errors));
		String industry = strip(text(values, "industry", "/data/industry", errors));
		String provider = strip(text(values, "provider", "/data/provider", errors));
		String enterpriseName = strip(text(values, "enterpriseName", "/data/enterpriseName", errors));
		if (type == MilestoneType.SOLICITED) {
			requireData(district, "district", type, errors);
			requireData(industry, "industry", type, errors);
		}
		if (type == MilestoneType.CONTRACTED) {
			requireData(provider, "provider", type, errors);
		}
		if (district != null && !rules.referenceData().districts().contains(district)) {
			errors.add(new FieldError("/data/district",
					"'" + district + "' is not a district of the programme: " + rules.referenceData().districts()));
		}
		if (industry != null && !rules.referenceData().industries().contains(industry)) {
			errors.add(new FieldError("/data/industry",
					"'" + industry + "' is not an industry of the programme: " + rules.referenceData().industries()));
		}
		return new MilestoneData(district, industry, provider, enterpriseName);
	}

	private static String strip(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static void requireData(String value, String name, MilestoneType type, List<FieldError> errors) {
		boolean alreadyReported = errors.stream().anyMatch((error) -> error.pointer().equals("/data/" + name));
		if (value == null && !alreadyReported) {
			errors.add(new FieldError("/data/" + name, "is required for " + type.cloudEventType()));
		}
	}

}
