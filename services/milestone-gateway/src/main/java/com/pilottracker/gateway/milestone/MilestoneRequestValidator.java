package com.pilottracker.gateway.milestone;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.RegistryEntry;
import com.pilottracker.contracts.Text;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.gateway.problem.FieldError;

/**
 * Checks a posted CloudEvent (its attributes as JSON gave them, {@code data} included)
 * and turns it into a {@link Milestone}, collecting every problem rather than stopping at
 * the first. Pure: no I/O; the clock, the reference data and the programmes come in the
 * {@link ValidationRules}.
 * <p>
 * What the {@code data} must hold follows from the definition of the programme that
 * declares the {@code type}: the milestone of its first stage (the one that enters the
 * programme) carries the programme's attributes ({@code district} and {@code industry},
 * checked against the reference data, and the programme's own in
 * {@code data.attributes}), no other milestone carries {@code data.attributes}, and the
 * milestone of the stage that names the provider carries {@code data.provider}. A
 * provider it names ({@code data.provider}), and an attribute naming an entry of one of
 * the office's registries, must name an entry active on the milestone's day in the city
 * ({@link com.pilottracker.contracts.Registries#refusal}). The optional CloudEvents
 * extension attribute {@code programme}, when given, must be the type's programme.
 */
final class MilestoneRequestValidator {

	static final int MAX_ATTRIBUTE_LENGTH = 256;

	/** A name a problem's pointer may repeat: what an attribute name can be, loosely. */
	/** The city's time zone: a milestone's day is its day there. */
	static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

	private static final Pattern ECHOABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");

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
		MilestoneType type = type(text(event, "type", "/type", errors), rules.programmes(), errors);
		Programme programme = (type != null) ? rules.programmes().declaring(type).orElseThrow() : null;
		programme(text(event, "programme", "/programme", errors), type, errors);
		Uscc subject = subject(text(event, "subject", "/subject", errors), rules, errors);
		Instant time = time(text(event, "time", "/time", errors), rules, errors);
		String contentType = text(event, "datacontenttype", "/datacontenttype", errors);
		if (contentType != null && !contentType.startsWith("application/json")) {
			errors.add(new FieldError("/datacontenttype", "must be application/json"));
		}
		MilestoneData data = data(event.get("data"), type, programme, rules, day(time, rules), errors);
		if (!errors.isEmpty()) {
			throw new InvalidMilestoneException(errors);
		}
		return new Milestone(id, source, type, subject, time, null, data);
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

	private static MilestoneType type(String type, Programmes programmes, List<FieldError> errors) {
		if (type == null || type.isBlank()) {
			if (errors.stream().noneMatch((error) -> error.pointer().equals("/type"))) {
				errors.add(new FieldError("/type", "is required; one of " + knownTypes(programmes)));
			}
			return null;
		}
		Optional<Programme> programme = programmes.declaring(type);
		if (programme.isEmpty()) {
			errors.add(new FieldError("/type",
					"'" + type + "' is not a milestone type of any programme; one of " + knownTypes(programmes)));
			return null;
		}
		return new MilestoneType(type);
	}

	/** Every milestone type of every programme, the programmes' order. */
	static String knownTypes(Programmes programmes) {
		return programmes.all()
			.stream()
			.flatMap((programme) -> programme.milestoneTypes().stream())
			.map(MilestoneType::cloudEventType)
			.collect(Collectors.joining(", "));
	}

	/**
	 * Checks the optional extension attribute {@code programme}: the type's programme, if
	 * given.
	 */
	private static void programme(String programme, MilestoneType type, List<FieldError> errors) {
		if (programme == null || type == null) {
			return;
		}
		if (!programme.equals(type.programmeId())) {
			errors.add(new FieldError("/programme", "'" + programme + "' is not the programme of "
					+ type.cloudEventType() + ", which is '" + type.programmeId() + "'; leave it out or give that"));
		}
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

	/**
	 * The milestone's day in the city, against which a registry entry it names must be
	 * active; today's if its time is missing or refused (its own error says so).
	 */
	private static LocalDate day(Instant time, ValidationRules rules) {
		return ((time != null) ? time : rules.now()).atZone(CITY).toLocalDate();
	}

	private static MilestoneData data(Object data, MilestoneType type, Programme programme, ValidationRules rules,
			LocalDate day, List<FieldError> errors) {
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
		Map<String, String> attributes = attributes(values.get("attributes"), errors);
		if (programme != null) {
			Programme.StageDefinition first = programme.stages().get(0);
			if (first.milestone().equals(type)) {
				entering(programme, type, district, industry, attributes, rules, day, errors);
			}
			else {
				attributes.keySet()
					.forEach((name) -> errors.add(new FieldError(attributePointer(name),
							"only " + first.milestone().cloudEventType() + " carries the attributes of "
									+ programme.id() + "; " + type.cloudEventType() + " carries none")));
			}
			boolean namesProvider = programme.stages()
				.stream()
				.anyMatch((stage) -> stage.namesProvider() && stage.milestone().equals(type));
			if (namesProvider) {
				requireData(provider, "provider", type, errors);
			}
		}
		if (provider != null && errors.stream().noneMatch((error) -> error.pointer().equals("/data/provider"))) {
			rules.registries()
				.refusal(RegistryEntry.Kind.SERVICE_ORGANISATION, provider, day)
				.ifPresent((refusal) -> errors.add(new FieldError("/data/provider", refusal)));
		}
		if (district != null && !rules.referenceData().districts().contains(district)) {
			errors.add(new FieldError("/data/district",
					"'" + district + "' is not a district of the programme: " + rules.referenceData().districts()));
		}
		if (industry != null && !rules.referenceData().industries().contains(industry)) {
			errors.add(new FieldError("/data/industry",
					"'" + industry + "' is not an industry of the programme: " + rules.referenceData().industries()));
		}
		return new MilestoneData(district, industry, provider, enterpriseName, attributes);
	}

	/**
	 * Checks what the milestone entering the programme carries: every required attribute,
	 * each value as its kind takes it, and no attribute the programme does not declare.
	 */
	private static void entering(Programme programme, MilestoneType type, String district, String industry,
			Map<String, String> attributes, ValidationRules rules, LocalDate day, List<FieldError> errors) {
		for (Programme.AttributeDefinition attribute : programme.attributes()) {
			if (Programme.COMMON_ATTRIBUTES.contains(attribute.name())) {
				if (attribute.required()) {
					requireData("district".equals(attribute.name()) ? district : industry, attribute.name(), type,
							errors);
				}
				continue;
			}
			String value = attributes.get(attribute.name());
			String pointer = attributePointer(attribute.name());
			if (value == null) {
				if (attribute.required() && errors.stream().noneMatch((error) -> error.pointer().equals(pointer))) {
					errors.add(new FieldError(pointer, "is required for " + type.cloudEventType() + " ("
							+ attribute.kind().name().toLowerCase(java.util.Locale.ROOT) + ")"));
				}
			}
			else if (!kindAccepts(attribute, value, rules)) {
				errors.add(new FieldError(pointer, describe(attribute)));
			}
			else if (attribute.kind().registry().isPresent()) {
				rules.registries()
					.refusal(attribute.kind().registry().get(), value, day)
					.ifPresent((refusal) -> errors.add(new FieldError(pointer, refusal)));
			}
		}
		List<String> declared = programme.declaredAttributes()
			.stream()
			.map(Programme.AttributeDefinition::name)
			.toList();
		for (String name : attributes.keySet()) {
			if (!declared.contains(name)) {
				errors.add(new FieldError(attributePointer(name),
						(ECHOABLE_NAME.matcher(name).matches() ? "'" + name + "' is" : "holds a name that is")
								+ " not an attribute of " + programme.id() + "; "
								+ (declared.isEmpty() ? "it declares none besides district and industry"
										: "it declares " + String.join(", ", declared))));
			}
		}
	}

	/**
	 * Whether a declared attribute takes the value, by its kind: a district or an
	 * industry of the reference data, {@code true} or {@code false}, or text of at most
	 * 200 characters.
	 */
	private static boolean kindAccepts(Programme.AttributeDefinition attribute, String value, ValidationRules rules) {
		if (attribute.kind() == Programme.AttributeKind.DISTRICT) {
			return rules.referenceData().districts().contains(value);
		}
		if (attribute.kind() == Programme.AttributeKind.INDUSTRY) {
			return rules.referenceData().industries().contains(value);
		}
		return attribute.accepts(value);
	}

	private static String describe(Programme.AttributeDefinition attribute) {
		switch (attribute.kind()) {
			case BOOLEAN:
				return "must be \"true\" or \"false\"";
			case DISTRICT:
				return "is not a district of the programme";
			case INDUSTRY:
				return "is not an industry of the programme";
			default:
				return "must be printable text of at most 200 characters";
		}
	}

	/**
	 * {@code data.attributes}: an object of names to strings ({@code true} and
	 * {@code false} taken as those words). Every value is checked as text here; against
	 * the programme's definition later.
	 */
	private static Map<String, String> attributes(Object attributes, List<FieldError> errors) {
		if (attributes == null) {
			return Map.of();
		}
		if (!(attributes instanceof Map<?, ?> map)) {
			errors.add(new FieldError("/data/attributes", "must be a JSON object of attribute names to values"));
			return Map.of();
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String name = String.valueOf(entry.getKey());
			String pointer = attributePointer(name);
			if (Text.problem(name) != null || name.length() > MAX_ATTRIBUTE_LENGTH) {
				errors.add(new FieldError(pointer, "an attribute's name must be printable text"));
				continue;
			}
			Object value = entry.getValue();
			if (value instanceof Boolean bool) {
				values.put(name, bool.toString());
			}
			else if (value instanceof String text) {
				String problem = Text.problem(text);
				if (problem != null) {
					errors.add(new FieldError(pointer, problem + "; only printable text is accepted"));
				}
				else if (text.length() > MAX_ATTRIBUTE_LENGTH) {
					errors.add(new FieldError(pointer, "must be at most " + MAX_ATTRIBUTE_LENGTH + " characters"));
				}
				else if (!text.isBlank()) {
					values.put(name, text.strip());
				}
			}
			else {
				errors.add(new FieldError(pointer, "must be a string"));
			}
		}
		return values;
	}

	/**
	 * The pointer to an attribute: its name where it is a plain word, else the attributes
	 * as a whole (a hostile name is not repeated back).
	 */
	private static String attributePointer(String name) {
		return ECHOABLE_NAME.matcher(name).matches() ? "/data/attributes/" + name : "/data/attributes";
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
