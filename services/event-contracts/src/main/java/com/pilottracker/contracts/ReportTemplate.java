package com.pilottracker.contracts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sentence of the office's letter about a programme, with its figures as placeholders:
 * {@code {asOf}} the date the figures are as of; {@code {reached:STAGE}} the enterprises
 * that reached the stage; {@code {current:STAGE}} those in it; either with filters on the
 * programme's attributes, {@code {reached:INNOVATIVE:highTech=true}}; and
 * {@code {actors:STAGE:attribute}} the distinct values of an attribute among the
 * enterprises that reached the stage: the people or organisations who performed the step
 * (the commissioners who diagnosed, {@code {actors:DIAGNOSED:commissioner}}). For example
 * {@code 截至{asOf}，我市已累计培育创新型中小企业{reached:INNOVATIVE}家}.
 */
public final class ReportTemplate {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");

	private static final Pattern FIGURE = Pattern
		.compile("(reached|current):([A-Z][A-Z0-9_]{0,39})((?::[a-z][a-zA-Z0-9]{0,39}=[^:=]{1,64})*)");

	private static final Pattern ACTORS = Pattern.compile("actors:([A-Z][A-Z0-9_]{0,39}):([a-z][a-zA-Z0-9]{0,39})");

	private ReportTemplate() {
	}

	/**
	 * The template's text and placeholders, in order.
	 * @throws IllegalArgumentException naming the first placeholder it cannot read
	 */
	public static List<Segment> parse(String template) {
		List<Segment> segments = new ArrayList<>();
		Matcher placeholder = PLACEHOLDER.matcher(template);
		int at = 0;
		while (placeholder.find()) {
			if (placeholder.start() > at) {
				segments.add(new Segment.Text(template.substring(at, placeholder.start())));
			}
			segments.add(placeholder(placeholder.group(1)));
			at = placeholder.end();
		}
		String rest = template.substring(at);
		if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
			throw new IllegalArgumentException("an unmatched brace in the template: '" + Text.forLog(rest, 60) + "'");
		}
		if (!rest.isEmpty()) {
			segments.add(new Segment.Text(rest));
		}
		return List.copyOf(segments);
	}

	private static Segment placeholder(String text) {
		if (text.equals("asOf")) {
			return new Segment.AsOf();
		}
		Matcher actors = ACTORS.matcher(text);
		if (actors.matches()) {
			return new Segment.Figure(Segment.Count.ACTORS, new Stage(actors.group(1)), Map.of(),
					java.util.Optional.of(actors.group(2)));
		}
		Matcher figure = FIGURE.matcher(text);
		if (!figure.matches()) {
			throw new IllegalArgumentException("'{" + Text.forLog(text, 60)
					+ "}' is not {asOf}, {reached:STAGE}, {current:STAGE}, one of those with :attribute=value filters, "
					+ "or {actors:STAGE:attribute}");
		}
		Map<String, String> filters = new LinkedHashMap<>();
		for (String filter : figure.group(3).split(":")) {
			if (!filter.isEmpty()) {
				int equals = filter.indexOf('=');
				filters.put(filter.substring(0, equals), filter.substring(equals + 1));
			}
		}
		return new Segment.Figure(Segment.Count.valueOf(figure.group(1).toUpperCase(java.util.Locale.ROOT)),
				new Stage(figure.group(2)), filters);
	}

	/** A piece of a template. */
	public sealed interface Segment {

		/** Text as written. */
		record Text(String text) implements Segment {

		}

		/** The date the figures are as of, written the language's way. */
		record AsOf() implements Segment {

		}

		/**
		 * A figure of the programme's funnel.
		 *
		 * @param count reached or current
		 * @param stage of which stage (or exit)
		 * @param filters attribute values the enterprises counted have
		 * @param actor for {@link Count#ACTORS}, the attribute whose distinct values are
		 * counted
		 */
		record Figure(Count count, Stage stage, Map<String, String> filters,
				java.util.Optional<String> actor) implements Segment {

			public Figure {
				filters = Map.copyOf(filters);
				if ((count == Count.ACTORS) != actor.isPresent()) {
					throw new IllegalArgumentException("an actors figure, and only one, names the attribute it counts");
				}
			}

			/** A count of enterprises. */
			public Figure(Count count, Stage stage, Map<String, String> filters) {
				this(count, stage, filters, java.util.Optional.empty());
			}

		}

		/** Which count of a stage. */
		enum Count {

			/** The enterprises that ever reached it. */
			REACHED,

			/** The enterprises in it. */
			CURRENT,

			/**
			 * The distinct values of an attribute among the enterprises that reached it:
			 * who performed the step.
			 */
			ACTORS

		}

	}

}
