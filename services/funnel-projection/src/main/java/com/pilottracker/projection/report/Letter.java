package com.pilottracker.projection.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.ReportTemplate;
import com.pilottracker.projection.analytics.AnalyticsView;
import com.pilottracker.projection.analytics.FunnelAnalytics;

/**
 * The letter as of a date: a paragraph per programme that has one in the language asked
 * for, in the order of their sections, each figure with the query that reproduces it.
 * Pure: the figures come in as the analytics' views.
 *
 * @param asOf the date the figures are as of; {@code null} for every step known
 * @param knownAt the instant they are as known at; {@code null} for all
 * @param lang {@code zh} or {@code en}
 * @param date the date the paragraphs name: {@code asOf}, or today when it is
 * {@code null}
 * @param paragraphs the paragraphs
 */
public record Letter(LocalDate asOf, Instant knownAt, String lang, LocalDate date, List<Paragraph> paragraphs) {

	/** The languages a template can be written in; Chinese is the letter's own. */
	public static final List<String> LANGUAGES = List.of("zh", "en");

	/** The letter from each programme's figures (its view) in the language asked for. */
	public static Letter of(LocalDate asOf, Instant knownAt, String lang, LocalDate today,
			Map<Programme, AnalyticsView> views) {
		LocalDate date = (asOf != null) ? asOf : today;
		List<Paragraph> paragraphs = new ArrayList<>();
		views.entrySet()
			.stream()
			.filter((entry) -> template(entry.getKey(), lang).isPresent())
			.sorted(Comparator.comparing(
					(Map.Entry<Programme, AnalyticsView> entry) -> entry.getKey().report().orElseThrow().section()))
			.forEach((entry) -> paragraphs.add(paragraph(entry.getKey(), entry.getValue(), lang, date)));
		return new Letter(asOf, knownAt, lang, date, List.copyOf(paragraphs));
	}

	/** The programme's paragraph in the language, if it has one. */
	public static Optional<String> template(Programme programme, String lang) {
		return programme.report().map((report) -> report.templates().get(lang));
	}

	/** The paragraphs, a blank line between them. */
	public String text() {
		StringBuilder text = new StringBuilder();
		for (Paragraph paragraph : this.paragraphs) {
			if (!text.isEmpty()) {
				text.append("\n\n");
			}
			text.append(paragraph.text());
		}
		return text.append('\n').toString();
	}

	private static Paragraph paragraph(Programme programme, AnalyticsView view, String lang, LocalDate date) {
		StringBuilder text = new StringBuilder();
		List<Figure> figures = new ArrayList<>();
		for (ReportTemplate.Segment segment : ReportTemplate.parse(template(programme, lang).orElseThrow())) {
			if (segment instanceof ReportTemplate.Segment.Text written) {
				text.append(written.text());
			}
			else if (segment instanceof ReportTemplate.Segment.Figure figure) {
				long value = value(view, figure);
				text.append(value);
				figures.add(new Figure(placeholder(figure), figure.count().name().toLowerCase(java.util.Locale.ROOT),
						figure.stage().name(), figure.filters(), value, query(programme, view, figure)));
			}
			else {
				text.append(date(date, lang));
			}
		}
		return new Paragraph(programme.id(), programme.report().orElseThrow().section(), text.toString(),
				List.copyOf(figures), view.position());
	}

	/** {@code 2025年7月18日}; {@code 18 July 2025}. */
	static String date(LocalDate date, String lang) {
		if ("zh".equals(lang)) {
			return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
		}
		return date.getDayOfMonth() + " "
				+ date.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) + " "
				+ date.getYear();
	}

	private static long value(AnalyticsView view, ReportTemplate.Segment.Figure figure) {
		if (figure.count() == ReportTemplate.Segment.Count.ACTORS) {
			return actors(view, figure);
		}
		// a template filters on one attribute at most (Programme checks it): the
		// breakdowns are by one attribute each
		FunnelAnalytics.FunnelFigures funnel = view.funnel();
		for (Map.Entry<String, String> filter : figure.filters().entrySet()) {
			funnel = view.breakdowns()
				.getOrDefault(filter.getKey(), List.of())
				.stream()
				.filter((group) -> group.key().equals(filter.getValue()))
				.map(FunnelAnalytics.Group::funnel)
				.findFirst()
				.orElse(null);
			if (funnel == null) {
				return 0;
			}
		}
		String stage = figure.stage().name();
		boolean reached = figure.count() == ReportTemplate.Segment.Count.REACHED;
		for (FunnelAnalytics.StageFigures each : funnel.stages()) {
			if (each.stage().equals(stage)) {
				return reached ? each.reached() : each.current();
			}
		}
		for (FunnelAnalytics.ExitFigures each : funnel.exits()) {
			if (each.stage().equals(stage)) {
				return reached ? each.reached() : each.current();
			}
		}
		return 0;
	}

	/**
	 * The distinct values of the figure's attribute among the enterprises that reached
	 * its stage: the groups of the attribute's breakdown with any.
	 */
	private static long actors(AnalyticsView view, ReportTemplate.Segment.Figure figure) {
		String stage = figure.stage().name();
		return view.breakdowns()
			.getOrDefault(figure.actor().orElseThrow(), List.of())
			.stream()
			.filter((group) -> group.funnel()
				.stages()
				.stream()
				.anyMatch((each) -> each.stage().equals(stage) && each.reached() > 0))
			.count();
	}

	private static String placeholder(ReportTemplate.Segment.Figure figure) {
		if (figure.actor().isPresent()) {
			return "{actors:" + figure.stage().name() + ":" + figure.actor().get() + "}";
		}
		StringBuilder text = new StringBuilder("{").append(figure.count().name().toLowerCase(java.util.Locale.ROOT))
			.append(':')
			.append(figure.stage().name());
		figure.filters().forEach((name, value) -> text.append(':').append(name).append('=').append(value));
		return text.append('}').toString();
	}

	/** Where the analytics answer holds the same figure. */
	private static String query(Programme programme, AnalyticsView view, ReportTemplate.Segment.Figure figure) {
		StringBuilder query = new StringBuilder("GET /api/v1/analytics?programme=").append(programme.id());
		if (view.asOf() != null) {
			query.append("&asOf=").append(view.asOf());
		}
		if (view.knownAt() != null) {
			query.append("&knownAt=").append(view.knownAt());
		}
		if (figure.actor().isPresent()) {
			return query.append(" → the number of breakdowns.")
				.append(figure.actor().get())
				.append("[*] with funnel.stages[stage=")
				.append(figure.stage().name())
				.append("].reached > 0")
				.toString();
		}
		StringBuilder path = new StringBuilder();
		figure.filters()
			.forEach((name,
					value) -> path.append("breakdowns.").append(name).append("[key=").append(value).append("]."));
		path.append("funnel.stages[stage=")
			.append(figure.stage().name())
			.append("].")
			.append(figure.count().name().toLowerCase(java.util.Locale.ROOT));
		return query.append(" → ").append(path).toString();
	}

	/**
	 * A programme's paragraph.
	 *
	 * @param programme the programme's id
	 * @param section where it stands in the letter
	 * @param text the paragraph
	 * @param figures its figures, in the order they appear
	 * @param position the projection's position the figures were read at
	 */
	public record Paragraph(String programme, String section, String text, List<Figure> figures,
			com.pilottracker.projection.funnel.store.Position.Shown position) {

	}

	/**
	 * A figure of a paragraph and how to reproduce it.
	 *
	 * @param placeholder as the template writes it
	 * @param count {@code reached}, {@code current} or {@code actors}
	 * @param stage the stage counted
	 * @param filters the attribute values counted
	 * @param value the figure
	 * @param query the analytics request that answers the same figure, and where in its
	 * answer
	 */
	public record Figure(String placeholder, String count, String stage, Map<String, String> filters, long value,
			String query) {

		public Figure {
			filters = new LinkedHashMap<>(filters);
		}

	}

}
