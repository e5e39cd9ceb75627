package com.pilottracker.contracts;

import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A programme the office runs, as data: its ordered stages, its exits, the attributes its
 * milestones carry and who may report which step. The lifecycle's rules, the projection's
 * funnel and the leadership page all derive from it (see {@code docs/programmes.md}); the
 * pilot and the SME gradient ship as definitions ({@link Programmes}).
 *
 * @param id lower-case letters, digits and hyphens; every milestone type the programme
 * declares begins with it and a dot
 * @param revision the definition's revision, from 1
 * @param name the programme's name in Chinese and English
 * @param stages the stages in order: an enterprise enters at the first
 * @param exits how an enterprise leaves the programme: by a milestone (the pilot's
 * withdrawal, a revocation) or by its recognition lapsing ({@link Renewal})
 * @param renewal how a stage's recognition is kept valid, empty when stages do not lapse
 * @param reentry whether an enterprise that left may enter again
 * @param holdLimit how long after the gateway accepted it a milestone waits for an
 * earlier step before it is rejected
 * @param attributes what the milestone entering the programme carries (district and
 * industry for every programme)
 */
public record Programme(String id, int revision, Names name, List<StageDefinition> stages, List<ExitDefinition> exits,
		Optional<Renewal> renewal, boolean reentry, Duration holdLimit, List<AttributeDefinition> attributes,
		Optional<Report> report) {

	/** A definition without a report. */
	public Programme(String id, int revision, Names name, List<StageDefinition> stages, List<ExitDefinition> exits,
			Optional<Renewal> renewal, boolean reentry, Duration holdLimit, List<AttributeDefinition> attributes) {
		this(id, revision, name, stages, exits, renewal, reentry, holdLimit, attributes, Optional.empty());
	}

	private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");

	/** The attributes every programme's entering milestone carries. */
	public static final List<String> COMMON_ATTRIBUTES = List.of("district", "industry");

	public Programme {
		Objects.requireNonNull(id, "id");
		if (!ID.matcher(id).matches()) {
			throw new IllegalArgumentException(
					"a programme id is lower-case letters, digits and hyphens, at most 40: '" + Text.forLog(id) + "'");
		}
		if (revision < 1) {
			throw new IllegalArgumentException("a revision counts from 1, was " + revision);
		}
		Objects.requireNonNull(name, "name");
		stages = List.copyOf(stages);
		exits = List.copyOf(exits);
		renewal = Objects.requireNonNullElse(renewal, Optional.empty());
		attributes = List.copyOf(attributes);
		Objects.requireNonNull(holdLimit, "holdLimit");
		if (stages.isEmpty()) {
			throw new IllegalArgumentException("programme " + id + " has no stages");
		}
		if (holdLimit.isNegative()) {
			throw new IllegalArgumentException("programme " + id + ": the hold limit is negative");
		}
		Set<Stage> names = new HashSet<>();
		Set<MilestoneType> types = new HashSet<>();
		List<Step> steps = new ArrayList<>();
		stages.forEach((each) -> steps.add(new Step.Reach(each)));
		exits.forEach((each) -> steps.add(new Step.Leave(each)));
		renewal.ifPresent((each) -> steps.add(new Step.Renew(each)));
		for (StageDefinition stage : stages) {
			require(names.add(stage.stage()), id, "stage " + stage.stage() + " is declared twice");
		}
		for (ExitDefinition exit : exits) {
			require(names.add(exit.stage()), id, "stage " + exit.stage() + " is declared twice");
		}
		for (Step step : steps) {
			step.milestone().ifPresent((type) -> {
				require(type.programmeId().equals(id), id,
						"milestone type " + type + " does not begin with " + id + ".");
				require(types.add(type), id, "milestone type " + type + " is declared twice");
			});
		}
		require(!stages.get(0).needsPredecessor(), id, "the first stage has no predecessor to need");
		require(renewal.isEmpty() || renewal.get().lapse().map(names::contains).orElse(true), id,
				"the renewal's lapse is not one of the exits");
		Optional<Stage> lapse = renewal.flatMap(Renewal::lapse);
		for (ExitDefinition exit : exits) {
			boolean isLapse = lapse.filter(exit.stage()::equals).isPresent();
			require(isLapse == exit.milestone().isEmpty(), id, "exit " + exit.stage()
					+ ": a lapse is decided from the validity and has no milestone; " + "every other exit has one");
		}
		Set<String> attributeNames = new HashSet<>();
		for (AttributeDefinition attribute : attributes) {
			require(attributeNames.add(attribute.name()), id, "attribute " + attribute.name() + " is declared twice");
		}
		require(attributeNames.containsAll(COMMON_ATTRIBUTES), id, "every programme declares district and industry");
		report = Objects.requireNonNullElse(report, Optional.empty());
		for (Map.Entry<String, String> template : report.map(Report::templates).orElse(Map.of()).entrySet()) {
			for (ReportTemplate.Segment segment : ReportTemplate.parse(template.getValue())) {
				if (segment instanceof ReportTemplate.Segment.Figure figure) {
					require(names.contains(figure.stage()), id,
							"the report (" + template.getKey() + ") counts " + figure.stage() + ", not a stage of it");
					require(attributeNames.containsAll(figure.filters().keySet()), id, "the report ("
							+ template.getKey() + ") filters on " + figure.filters().keySet() + ", not all declared");
					require(figure.filters().size() <= 1, id, "the report (" + template.getKey()
							+ ") filters a figure on one attribute at most: " + figure.filters().keySet());
					figure.actor()
						.ifPresent((actor) -> require(attributeNames.contains(actor), id, "the report ("
								+ template.getKey() + ") counts the actors of " + actor + ", not an attribute of it"));
				}
			}
		}
		long naming = stages.stream().filter(StageDefinition::namesProvider).count();
		require(naming <= 1, id, "at most one stage names the provider");
		for (Step step : steps) {
			require(step.reportedBy() != Reporting.CONTRACTED_PROVIDER || naming == 1, id,
					"a step reported by the contracted provider needs a stage that names the provider");
		}
	}

	private static void require(boolean condition, String id, String message) {
		if (!condition) {
			throw new IllegalArgumentException("programme " + id + ": " + message);
		}
	}

	/** Every step a milestone can take, stages first, then exits, then the renewal. */
	public List<Step> steps() {
		List<Step> steps = new ArrayList<>();
		this.stages.forEach((each) -> steps.add(new Step.Reach(each)));
		this.exits.forEach((each) -> steps.add(new Step.Leave(each)));
		this.renewal.ifPresent((each) -> steps.add(new Step.Renew(each)));
		return steps;
	}

	/**
	 * The step a milestone type takes in this programme, if the programme declares it.
	 */
	public Optional<Step> step(MilestoneType type) {
		return steps().stream().filter((step) -> step.milestone().filter(type::equals).isPresent()).findFirst();
	}

	/** The milestone types the programme declares, in the order of {@link #steps()}. */
	public List<MilestoneType> milestoneTypes() {
		return steps().stream().flatMap((step) -> step.milestone().stream()).toList();
	}

	/** The stages, then the exits: every stage an enterprise can be in. */
	public List<Stage> allStages() {
		List<Stage> all = new ArrayList<>();
		this.stages.forEach((each) -> all.add(each.stage()));
		this.exits.forEach((each) -> all.add(each.stage()));
		return all;
	}

	/** The funnel's stages in order, exits excluded. */
	public List<Stage> funnelStages() {
		return this.stages.stream().map(StageDefinition::stage).toList();
	}

	/** The stage called {@code name}, if the programme has one (an exit included). */
	public Optional<Stage> stage(String name) {
		return allStages().stream().filter((stage) -> stage.name().equals(name)).findFirst();
	}

	/**
	 * The position of a funnel stage from 0, or -1 for an exit or a stage the programme
	 * does not have.
	 */
	public int rank(Stage stage) {
		for (int i = 0; i < this.stages.size(); i++) {
			if (this.stages.get(i).stage().equals(stage)) {
				return i;
			}
		}
		return -1;
	}

	/** Whether the stage is an exit. */
	public boolean isExit(Stage stage) {
		return this.exits.stream().anyMatch((exit) -> exit.stage().equals(stage));
	}

	/** The definition of the funnel stage. */
	public StageDefinition definition(Stage stage) {
		return this.stages.stream()
			.filter((each) -> each.stage().equals(stage))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(this.id + " has no stage " + stage));
	}

	/** The definition of the exit. */
	public ExitDefinition exit(Stage stage) {
		return this.exits.stream()
			.filter((each) -> each.stage().equals(stage))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(this.id + " has no exit " + stage));
	}

	/** The stage whose milestone names the provider, if any (the pilot's contract). */
	public Optional<Stage> providerStage() {
		return this.stages.stream().filter(StageDefinition::namesProvider).map(StageDefinition::stage).findFirst();
	}

	/** The attribute called {@code name}, if declared. */
	public Optional<AttributeDefinition> attribute(String name) {
		return this.attributes.stream().filter((each) -> each.name().equals(name)).findFirst();
	}

	/** The attributes besides district and industry. */
	public List<AttributeDefinition> declaredAttributes() {
		return this.attributes.stream().filter((each) -> !COMMON_ATTRIBUTES.contains(each.name())).toList();
	}

	/** Names of the funnel stages and exits, for a page: stage name → names. */
	public Map<Stage, Names> stageNames() {
		Map<Stage, Names> names = new LinkedHashMap<>();
		this.stages.forEach((each) -> names.put(each.stage(), each.name()));
		this.exits.forEach((each) -> names.put(each.stage(), each.name()));
		return names;
	}

	/**
	 * The programme's paragraph of the office's letter.
	 *
	 * @param section where it stands in the letter (for example {@code 二(二)1}):
	 * paragraphs come in the order of their sections
	 * @param templates the paragraph per language ({@code zh}, {@code en}), as a
	 * {@link ReportTemplate}
	 */
	public record Report(String section, Map<String, String> templates) {

		private static final Set<String> LANGUAGES = Set.of("zh", "en");

		public Report {
			Objects.requireNonNull(section, "section");
			if (section.isBlank() || section.length() > 40 || !Text.isClean(section)) {
				throw new IllegalArgumentException("a report's section is 1 to 40 characters of printable text");
			}
			templates = Map.copyOf(templates);
			if (templates.isEmpty() || !LANGUAGES.containsAll(templates.keySet())) {
				throw new IllegalArgumentException("a report has a template in zh, en or both: " + templates.keySet());
			}
			for (String template : templates.values()) {
				if (template.isBlank() || template.length() > 2000 || !Text.isClean(template)) {
					throw new IllegalArgumentException(
							"a report's template is 1 to 2000 characters of printable text: '"
									+ Text.forLog(template, 60) + "'");
				}
				ReportTemplate.parse(template);
			}
		}

	}

	/**
	 * A name in Chinese and in English.
	 *
	 * @param zh the Chinese name
	 * @param en the English name
	 */
	public record Names(String zh, String en) {

		public Names {
			name(zh, "zh");
			name(en, "en");
		}

		private static void name(String name, String language) {
			Objects.requireNonNull(name, language);
			if (name.isBlank() || name.length() > 200 || !Text.isClean(name)) {
				throw new IllegalArgumentException("a name (" + language
						+ ") is 1 to 200 characters of printable text: '" + Text.forLog(name) + "'");
			}
		}

	}

	/**
	 * Who may report a step besides the programme office, which may report any.
	 */
	public enum Reporting {

		/** Only the programme office (the pilot's solicitation, every gradient step). */
		OFFICE,

		/**
		 * A provider naming itself as {@code data.provider}: the step makes it the
		 * enterprise's contracted provider (the pilot's contract). A provider's step is
		 * refused where another provider holds the enterprise.
		 */
		NAMING_PROVIDER,

		/**
		 * The provider named by the step that {@link #NAMING_PROVIDER names the
		 * provider}, as applied at this place in the enterprise's history (the pilot's
		 * pre-acceptance and withdrawal).
		 */
		CONTRACTED_PROVIDER

	}

	/**
	 * A funnel stage.
	 *
	 * @param stage its name
	 * @param name its names for people
	 * @param milestone the milestone type that reaches it
	 * @param needsPredecessor whether it is reached only from the stage before it (a
	 * milestone reaching it earlier is held for that stage); otherwise it may be reached
	 * from any earlier stage
	 * @param reportedBy who may report it besides the office
	 * @param namesProvider whether its milestone names the enterprise's provider
	 * ({@code data.provider}, required)
	 * @param stalledAfter how long an enterprise may stay in it before it counts as
	 * stalled, empty if it never does
	 */
	public record StageDefinition(Stage stage, Names name, MilestoneType milestone, boolean needsPredecessor,
			Reporting reportedBy, boolean namesProvider, Optional<Duration> stalledAfter) {

		public StageDefinition {
			Objects.requireNonNull(stage, "stage");
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(milestone, "milestone");
			Objects.requireNonNull(reportedBy, "reportedBy");
			stalledAfter = Objects.requireNonNullElse(stalledAfter, Optional.empty());
			if (namesProvider && reportedBy != Reporting.NAMING_PROVIDER && reportedBy != Reporting.OFFICE) {
				throw new IllegalArgumentException(stage + ": a stage naming the provider is reported by the office "
						+ "or the provider it names");
			}
		}

	}

	/**
	 * An exit: the enterprise leaves the programme from any stage; {@code current} falls,
	 * {@code reached} never does.
	 *
	 * @param stage its name
	 * @param name its names for people
	 * @param milestone the milestone type that reports it, empty for a lapse
	 * @param reportedBy who may report it besides the office
	 */
	public record ExitDefinition(Stage stage, Names name, Optional<MilestoneType> milestone, Reporting reportedBy) {

		public ExitDefinition {
			Objects.requireNonNull(stage, "stage");
			Objects.requireNonNull(name, "name");
			milestone = Objects.requireNonNullElse(milestone, Optional.empty());
			Objects.requireNonNull(reportedBy, "reportedBy");
		}

	}

	/**
	 * How a stage's recognition stays valid: re-reviewed within {@code validity} of the
	 * recognition (or of its last re-review), or it lapses.
	 *
	 * @param milestone the re-review's milestone type
	 * @param validity how long a recognition is valid
	 * @param lapse the exit an enterprise takes when its recognition lapses, empty if
	 * nothing lapses
	 * @param reportedBy who may report a re-review besides the office
	 */
	public record Renewal(MilestoneType milestone, Period validity, Optional<Stage> lapse, Reporting reportedBy) {

		public Renewal {
			Objects.requireNonNull(milestone, "milestone");
			Objects.requireNonNull(validity, "validity");
			lapse = Objects.requireNonNullElse(lapse, Optional.empty());
			Objects.requireNonNull(reportedBy, "reportedBy");
		}

	}

	/**
	 * An attribute the milestone entering the programme carries; the enterprise keeps it
	 * in the programme, and the funnel can be filtered and broken down by it.
	 *
	 * @param name its name in requests and filters
	 * @param label its names for people
	 * @param kind what values it takes
	 * @param required whether the entering milestone must carry it
	 */
	public record AttributeDefinition(String name, Names label, AttributeKind kind, boolean required) {

		private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9]{0,39}");

		public AttributeDefinition {
			Objects.requireNonNull(name, "name");
			if (!NAME.matcher(name).matches()) {
				throw new IllegalArgumentException(
						"an attribute name is a lower camel-case word: '" + Text.forLog(name) + "'");
			}
			Objects.requireNonNull(label, "label");
			Objects.requireNonNull(kind, "kind");
		}

		/** Whether {@code value} is one this attribute takes. */
		public boolean accepts(String value) {
			return value != null && Text.isClean(value) && value.length() <= 200
					&& (this.kind != AttributeKind.BOOLEAN || "true".equals(value) || "false".equals(value));
		}

	}

	/** What values an attribute takes. */
	public enum AttributeKind {

		/** A district of the office's reference data. */
		DISTRICT,

		/** An industry of the office's reference data. */
		INDUSTRY,

		/** {@code true} or {@code false}. */
		BOOLEAN,

		/** Any text of at most 200 characters. */
		TEXT,

		/** The id of a service organisation of the office's registry, vetted. */
		SERVICE_ORGANISATION,

		/**
		 * The id of a digital commissioner of the registry, serving on the milestone's
		 * day.
		 */
		COMMISSIONER,

		/** The USCC of a chain-leader enterprise of the registry, active. */
		CHAIN_LEADER;

		/** The registry whose entries the attribute names, if it names one. */
		public Optional<RegistryEntry.Kind> registry() {
			switch (this) {
				case SERVICE_ORGANISATION:
					return Optional.of(RegistryEntry.Kind.SERVICE_ORGANISATION);
				case COMMISSIONER:
					return Optional.of(RegistryEntry.Kind.COMMISSIONER);
				case CHAIN_LEADER:
					return Optional.of(RegistryEntry.Kind.CHAIN_LEADER);
				default:
					return Optional.empty();
			}
		}

	}

	/** What a milestone does in its programme. */
	public sealed interface Step {

		/** The milestone type that reports the step, empty for a lapse. */
		Optional<MilestoneType> milestone();

		/** Who may report it besides the office. */
		Reporting reportedBy();

		/**
		 * Reaches a funnel stage.
		 *
		 * @param definition the stage
		 */
		record Reach(StageDefinition definition) implements Step {

			@Override
			public Optional<MilestoneType> milestone() {
				return Optional.of(this.definition.milestone());
			}

			@Override
			public Reporting reportedBy() {
				return this.definition.reportedBy();
			}

		}

		/**
		 * Leaves the programme.
		 *
		 * @param definition the exit
		 */
		record Leave(ExitDefinition definition) implements Step {

			@Override
			public Optional<MilestoneType> milestone() {
				return this.definition.milestone();
			}

			@Override
			public Reporting reportedBy() {
				return this.definition.reportedBy();
			}

		}

		/**
		 * Renews the current stage's recognition.
		 *
		 * @param definition the renewal
		 */
		record Renew(Renewal definition) implements Step {

			@Override
			public Optional<MilestoneType> milestone() {
				return Optional.of(this.definition.milestone());
			}

			@Override
			public Reporting reportedBy() {
				return this.definition.reportedBy();
			}

		}

	}

}
