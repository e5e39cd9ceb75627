package com.pilottracker.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Programme definitions: the ones that ship ({@code programmes/*.json} beside this class:
 * the pilot and the SME gradient), and reading and writing a definition as JSON, the
 * format of {@code docs/programmes.md}.
 * <p>
 * An instance is a catalog: the definitions a service knows, by id, and the programme
 * each milestone type belongs to.
 */
public final class Programmes {

	/** The pilot's id: a milestone or change that names no programme is the pilot's. */
	public static final String PILOT = "pilot";

	/** The SME gradient's id. */
	public static final String GRADIENT = "gradient";

	private static final List<String> SHIPPED = List.of(PILOT, GRADIENT);

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private static final Programmes SHIPPED_CATALOG = new Programmes(
			SHIPPED.stream().map(Programmes::readShipped).toList());

	private final Map<String, Programme> byId = new LinkedHashMap<>();

	private final Map<MilestoneType, Programme> byType = new LinkedHashMap<>();

	/**
	 * A catalog of the given definitions.
	 * @throws IllegalArgumentException if two share an id or a milestone type
	 */
	public Programmes(List<Programme> definitions) {
		for (Programme programme : definitions) {
			if (this.byId.putIfAbsent(programme.id(), programme) != null) {
				throw new IllegalArgumentException("programme " + programme.id() + " is defined twice");
			}
			for (MilestoneType type : programme.milestoneTypes()) {
				Programme other = this.byType.putIfAbsent(type, programme);
				if (other != null) {
					throw new IllegalArgumentException(
							type + " is declared by " + other.id() + " and " + programme.id());
				}
			}
		}
	}

	/**
	 * This catalog with {@code programme} added, or in place of the definition with its
	 * id (keeping its place in the order).
	 * @throws IllegalArgumentException if one of its milestone types is another
	 * programme's
	 */
	public Programmes with(Programme programme) {
		List<Programme> definitions = new java.util.ArrayList<>(this.byId.values());
		int at = definitions.indexOf(this.byId.get(programme.id()));
		if (at >= 0) {
			definitions.set(at, programme);
		}
		else {
			definitions.add(programme);
		}
		return new Programmes(definitions);
	}

	/** Whether the programme ships with the release (its definition is a resource). */
	public static boolean isShipped(String id) {
		return SHIPPED.contains(id);
	}

	/** The catalog of the definitions that ship: the pilot and the gradient. */
	public static Programmes shipped() {
		return SHIPPED_CATALOG;
	}

	/** The pilot's shipped definition. */
	public static Programme pilot() {
		return SHIPPED_CATALOG.require(PILOT);
	}

	/** The gradient's shipped definition. */
	public static Programme gradient() {
		return SHIPPED_CATALOG.require(GRADIENT);
	}

	/** Every definition, in the order given. */
	public List<Programme> all() {
		return List.copyOf(this.byId.values());
	}

	public Optional<Programme> find(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	/**
	 * The programme with this id.
	 * @throws IllegalArgumentException if there is none
	 */
	public Programme require(String id) {
		Programme programme = this.byId.get(id);
		if (programme == null) {
			throw new IllegalArgumentException("no programme '" + Text.forLog(String.valueOf(id)) + "'");
		}
		return programme;
	}

	/**
	 * The programme of a record that may name none: a record without a programme is the
	 * pilot's (records written before programmes were data name none).
	 */
	public Programme orPilot(String id) {
		return require((id == null) ? PILOT : id);
	}

	/** The programme that declares the milestone type, if any. */
	public Optional<Programme> declaring(MilestoneType type) {
		return Optional.ofNullable(this.byType.get(type));
	}

	/** The programme that declares the CloudEvents type, if it is a declared type. */
	public Optional<Programme> declaring(String cloudEventType) {
		try {
			return declaring(new MilestoneType(cloudEventType));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Reads a definition.
	 * @throws IllegalArgumentException naming what is wrong, if it is not a valid
	 * definition
	 */
	public static Programme read(byte[] json) {
		Definition definition;
		try {
			definition = JSON.readValue(json, Definition.class);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not a programme definition: " + ex.getOriginalMessage(), ex);
		}
		try {
			return definition.toProgramme();
		}
		catch (NullPointerException | DateTimeParseException ex) {
			throw new IllegalArgumentException("not a programme definition: " + ex.getMessage(), ex);
		}
	}

	/** Writes a definition as JSON, the format {@link #read} reads. */
	public static byte[] write(Programme programme) {
		return JSON.writeValueAsBytes(Definition.of(programme));
	}

	private static Programme readShipped(String id) {
		String resource = "/programmes/" + id + ".json";
		try (InputStream in = Programmes.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is missing");
			}
			Programme programme = read(in.readAllBytes());
			if (!programme.id().equals(id)) {
				throw new IllegalStateException(resource + " defines " + programme.id());
			}
			return programme;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Names(String zh, String en) {

		Programme.Names toNames() {
			return new Programme.Names(Objects.requireNonNull(this.zh, "zh"), Objects.requireNonNull(this.en, "en"));
		}

		static Names of(Programme.Names names) {
			return new Names(names.zh(), names.en());
		}

	}

	record StageJson(String stage, Names name, String milestone, Boolean needsPredecessor, String reportedBy,
			Boolean namesProvider, String stalledAfter) {

		Programme.StageDefinition toDefinition() {
			return new Programme.StageDefinition(new Stage(this.stage), required(this.name, "name").toNames(),
					new MilestoneType(required(this.milestone, "milestone")),
					Boolean.TRUE.equals(this.needsPredecessor),
					Programme.Reporting.valueOf(required(this.reportedBy, "reportedBy")),
					Boolean.TRUE.equals(this.namesProvider),
					Optional.ofNullable(this.stalledAfter).map(Programmes::duration));
		}

		static StageJson of(Programme.StageDefinition stage) {
			return new StageJson(stage.stage().name(), Names.of(stage.name()), stage.milestone().value(),
					stage.needsPredecessor() ? Boolean.TRUE : null, stage.reportedBy().name(),
					stage.namesProvider() ? Boolean.TRUE : null,
					stage.stalledAfter().map(Programmes::period).orElse(null));
		}

	}

	record ExitJson(String stage, Names name, String milestone, String reportedBy) {

		Programme.ExitDefinition toDefinition() {
			return new Programme.ExitDefinition(new Stage(this.stage), required(this.name, "name").toNames(),
					Optional.ofNullable(this.milestone).map(MilestoneType::new),
					Programme.Reporting.valueOf(required(this.reportedBy, "reportedBy")));
		}

		static ExitJson of(Programme.ExitDefinition exit) {
			return new ExitJson(exit.stage().name(), Names.of(exit.name()),
					exit.milestone().map(MilestoneType::value).orElse(null), exit.reportedBy().name());
		}

	}

	record RenewalJson(String milestone, String validity, String lapse, String reportedBy) {

		Programme.Renewal toDefinition() {
			return new Programme.Renewal(new MilestoneType(required(this.milestone, "milestone")),
					Period.parse(required(this.validity, "validity")), Optional.ofNullable(this.lapse).map(Stage::new),
					Programme.Reporting.valueOf(required(this.reportedBy, "reportedBy")));
		}

		static RenewalJson of(Programme.Renewal renewal) {
			return new RenewalJson(renewal.milestone().value(), renewal.validity().toString(),
					renewal.lapse().map(Stage::name).orElse(null), renewal.reportedBy().name());
		}

	}

	record AttributeJson(String name, Names label, String kind, Boolean required) {

		Programme.AttributeDefinition toDefinition() {
			return new Programme.AttributeDefinition(this.name, Programmes.required(this.label, "label").toNames(),
					Programme.AttributeKind.valueOf(Programmes.required(this.kind, "kind")),
					Boolean.TRUE.equals(this.required));
		}

		static AttributeJson of(Programme.AttributeDefinition attribute) {
			return new AttributeJson(attribute.name(), Names.of(attribute.label()), attribute.kind().name(),
					attribute.required() ? Boolean.TRUE : null);
		}

	}

	record ReportJson(String section, Map<String, String> templates) {

		Programme.Report toReport() {
			return new Programme.Report(Programmes.required(this.section, "report.section"),
					Programmes.required(this.templates, "report.templates"));
		}

		static ReportJson of(Programme.Report report) {
			return new ReportJson(report.section(), new java.util.TreeMap<>(report.templates()));
		}

	}

	record Definition(String id, Integer revision, Names name, List<StageJson> stages, List<ExitJson> exits,
			RenewalJson renewal, Boolean reentry, String holdLimit, List<AttributeJson> attributes, ReportJson report) {

		Programme toProgramme() {
			return new Programme(required(this.id, "id"), required(this.revision, "revision"),
					required(this.name, "name").toNames(),
					required(this.stages, "stages").stream().map(StageJson::toDefinition).toList(),
					Objects.requireNonNullElse(this.exits, List.<ExitJson>of())
						.stream()
						.map(ExitJson::toDefinition)
						.toList(),
					Optional.ofNullable(this.renewal).map(RenewalJson::toDefinition), Boolean.TRUE.equals(this.reentry),
					duration(required(this.holdLimit, "holdLimit")),
					required(this.attributes, "attributes").stream().map(AttributeJson::toDefinition).toList(),
					Optional.ofNullable(this.report).map(ReportJson::toReport));
		}

		static Definition of(Programme programme) {
			List<AttributeJson> attributes = new ArrayList<>();
			programme.attributes().forEach((each) -> attributes.add(AttributeJson.of(each)));
			return new Definition(programme.id(), programme.revision(), Names.of(programme.name()),
					programme.stages().stream().map(StageJson::of).toList(),
					programme.exits().stream().map(ExitJson::of).toList(),
					programme.renewal().map(RenewalJson::of).orElse(null), programme.reentry(),
					period(programme.holdLimit()), attributes, programme.report().map(ReportJson::of).orElse(null));
		}

	}

	private static <T> T required(T value, String field) {
		if (value == null) {
			throw new IllegalArgumentException("a programme definition needs " + field);
		}
		return value;
	}

	/** An ISO-8601 period of days ({@code P30D}) or a duration ({@code PT12H}). */
	private static Duration duration(String text) {
		if (text.contains("T")) {
			return Duration.parse(text);
		}
		Period period = Period.parse(text);
		if (period.getYears() != 0 || period.getMonths() != 0) {
			throw new IllegalArgumentException("a duration is given in days or as PTnH: " + text);
		}
		return Duration.ofDays(period.getDays());
	}

	private static String period(Duration duration) {
		return (duration.toSeconds() % 86_400 == 0) ? "P" + duration.toDays() + "D" : duration.toString();
	}

}
