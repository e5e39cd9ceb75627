package com.pilottracker.projection.analytics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;

/**
 * What each figure of a programme means, in words, served with every answer and written
 * into every export. The words name the programme's own stages, exits, thresholds and
 * attributes, from its definition.
 */
final class Definitions {

	private Definitions() {
	}

	static Map<String, String> of(Programme programme) {
		List<Stage> stages = programme.funnelStages();
		String first = FunnelAnalytics.words(stages.get(0));
		String exits = programme.exits()
			.stream()
			.map((exit) -> FunnelAnalytics.words(exit.stage()))
			.collect(Collectors.joining(", "));
		Map<String, String> all = new LinkedHashMap<>();
		all.put("programme",
				"The programme the figures are of: " + programme.id() + " (" + programme.name().en() + "), stages "
						+ stages.stream().map(FunnelAnalytics::words).collect(Collectors.joining(", "))
						+ (exits.isEmpty() ? "" : "; exits " + exits) + ".");
		all.put("reached", "Enterprises that ever reached the stage (leaving the programme later does not undo it), "
				+ "counting steps whose milestone time is on or before asOf.");
		all.put("current", "Enterprises whose latest step is this stage (enterprises that left the programme are "
				+ "counted only under the exit they left by" + (exits.isEmpty() ? "" : ": " + exits) + ").");
		all.put("dropOff", "Enterprises that reached the stage and not the next one.");
		all.put("withdrawn", "Enterprises that left the programme: the exits' reached, summed"
				+ (exits.isEmpty() ? " (the programme has no exit)" : " (" + exits + ")") + ".");
		all.put("exits", "Per exit: reached, enterprises that ever left by it; current, those out by it now"
				+ (programme.reentry() ? " (an enterprise that entered again counts in its stage instead)" : "") + ".");
		for (int i = 0; i + 1 < stages.size(); i++) {
			all.put("conversion." + FunnelAnalytics.pair(stages.get(i), stages.get(i + 1)),
					"Reached " + FunnelAnalytics.words(stages.get(i + 1)) + " / reached "
							+ FunnelAnalytics.words(stages.get(i)) + ".");
		}
		all.put("conversion." + FunnelAnalytics.END_TO_END,
				"Reached " + FunnelAnalytics.words(stages.get(stages.size() - 1)) + " / reached " + first + ".");
		all.put("timeInStage", "Days from one step's milestone time to the next, for enterprises that made both "
				+ "steps; median, 75th and 90th percentile by linear interpolation (as PERCENTILE.INC).");
		Map<String, java.time.Duration> thresholds = FunnelAnalytics.stalledAfter(programme);
		all.put("stalled",
				thresholds.isEmpty() ? "No stage of the programme has a threshold: no enterprise counts as stalled."
						: "Enterprises in "
								+ thresholds.entrySet()
									.stream()
									.map((entry) -> FunnelAnalytics.words(new Stage(entry.getKey())) + " (more than "
											+ entry.getValue().toDays() + " days)")
									.collect(Collectors.joining(" or "))
								+ ", measured to asOf (or now), longest waiting first.");
		all.put("district", "The enterprise's district as reported when it entered the programme (" + first + ").");
		all.put("industry", "The enterprise's industry as reported when it entered the programme (" + first + ").");
		all.put("provider",
				programme.providerStage()
					.map((stage) -> "The provider named when the enterprise reached " + FunnelAnalytics.words(stage)
							+ "; enterprises without one are not in this breakdown.")
					.orElse("The programme names no provider: this breakdown is empty."));
		all.put("cohort", "The month (China time) the enterprise reached " + first + ".");
		for (Programme.AttributeDefinition attribute : programme.declaredAttributes()) {
			all.put(attribute.name(), attribute.label().en() + " (" + attribute.label().zh()
					+ "), as reported when the enterprise entered the programme.");
		}
		all.put("asOf", "A date (China time): only steps whose milestone time is on or before it count; empty: all.");
		all.put("knownAt", "An instant: only what the system had recorded by then counts, so a figure can be "
				+ "reproduced later; empty: everything recorded so far.");
		all.put("position", "The projection's last applied change, of any programme: its sequence number (it only "
				+ "grows) and when it was applied.");
		all.put("lag", "Stage changes written to pilot.stage-changes (every programme's) that the projection has not "
				+ "applied yet, and (when some are waiting) the seconds since the newest applied change was "
				+ "recorded, an estimate of how long the projection has been behind; events is -1 when Kafka did "
				+ "not answer.");
		return Collections.unmodifiableMap(all);
	}

}
