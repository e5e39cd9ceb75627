package com.pilottracker.projection.analytics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each figure means, in words, served with every answer and written into every
 * export.
 */
final class Definitions {

	static final Map<String, String> ALL;

	static {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("reached", "Enterprises that ever reached the stage (a later withdrawal does not undo it), counting "
				+ "steps whose milestone time is on or before asOf.");
		all.put("current", "Enterprises whose latest step is this stage (withdrawn enterprises are counted only under "
				+ "withdrawn).");
		all.put("dropOff", "Enterprises that reached the stage and not the next one.");
		all.put("withdrawn", "Enterprises that left the pilot.");
		all.put("conversion.solicitedToContracted", "Reached contracted / reached solicited.");
		all.put("conversion.contractedToPreAcceptance", "Reached pre-acceptance / reached contracted.");
		all.put("conversion.endToEnd", "Reached pre-acceptance / reached solicited.");
		all.put("timeInStage", "Days from one step's milestone time to the next, for enterprises that made both "
				+ "steps; median, 75th and 90th percentile by linear interpolation (as PERCENTILE.INC).");
		all.put("stalled", "Enterprises in solicited or contracted for longer than the threshold, measured to asOf "
				+ "(or now), longest waiting first.");
		all.put("district", "The enterprise's district as reported at solicitation.");
		all.put("industry", "The enterprise's industry as reported at solicitation.");
		all.put("provider", "The provider named in the enterprise's contract; enterprises without a contract are "
				+ "not in this breakdown.");
		all.put("cohort", "The month (China time) the enterprise was solicited.");
		all.put("asOf", "A date (China time): only steps whose milestone time is on or before it count; empty: all.");
		all.put("knownAt", "An instant: only what the system had recorded by then counts, so a figure can be "
				+ "reproduced later; empty: everything recorded so far.");
		all.put("position", "The projection's last applied change: its sequence number (it only grows) and when it "
				+ "was applied.");
		all.put("lag", "Stage changes written to pilot.stage-changes that the projection has not applied yet, and "
				+ "(when some are waiting) the seconds since the newest applied change was recorded, an estimate "
				+ "of how long the projection has been behind; events is -1 when Kafka did not answer.");
		ALL = java.util.Collections.unmodifiableMap(all);
	}

	private Definitions() {
	}

}
