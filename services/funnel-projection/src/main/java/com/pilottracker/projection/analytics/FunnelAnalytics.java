package com.pilottracker.projection.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The funnel's figures from the enterprises' states: counts, drop-off and conversion per
 * stage, breakdowns, time in stage and stalled pilots. Pure: the same states, cut-off and
 * reference time always give the same figures.
 */
public final class FunnelAnalytics {

	/** Stage names of the three-stage funnel, in order. */
	public static final List<String> FUNNEL_STAGES = List.of("SOLICITED", "CONTRACTED", "PRE_ACCEPTANCE");

	/** China Standard Time: dates (asOf, cohorts) are read in it. */
	public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

	private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(CHINA);

	private static final double DAY_SECONDS = Duration.ofDays(1).toSeconds();

	/** How many stalled pilots an answer lists (the longest waiting). */
	static final int MAX_STALLED_LISTED = 100;

	private FunnelAnalytics() {
	}

	/**
	 * The figures.
	 * @param states every enterprise as known
	 * @param cutoff count only steps before this instant; {@code null} for every step
	 * @param reference the instant "days waiting" is measured to
	 * @param stalledAfter how long in an open stage makes a pilot stalled
	 */
	public static Figures compute(List<EnterpriseState> states, Instant cutoff, Instant reference,
			Map<String, Duration> stalledAfter) {
		List<EnterpriseState> counted = new ArrayList<>(states.size());
		for (EnterpriseState state : states) {
			EnterpriseState asOf = state.asOf(cutoff);
			if (asOf.inFunnel()) {
				counted.add(asOf);
			}
		}
		Map<String, List<Group>> breakdowns = new LinkedHashMap<>();
		breakdowns.put("district", groups(counted, EnterpriseState::district));
		breakdowns.put("industry", groups(counted, EnterpriseState::industry));
		breakdowns.put("provider", groups(counted, EnterpriseState::provider));
		breakdowns.put("cohort",
				groups(counted, (state) -> (state.solicitedAt() != null) ? MONTH.format(state.solicitedAt()) : null));
		return new Figures(funnel(counted), timeInStage(counted), breakdowns,
				stalled(counted, reference, stalledAfter));
	}

	static Funnel funnel(List<EnterpriseState> states) {
		long[] reached = new long[4];
		long[] current = new long[4];
		for (EnterpriseState state : states) {
			reached[0] += (state.solicitedAt() != null) ? 1 : 0;
			reached[1] += (state.contractedAt() != null) ? 1 : 0;
			reached[2] += (state.preAcceptanceAt() != null) ? 1 : 0;
			reached[3] += (state.withdrawnAt() != null) ? 1 : 0;
			String stage = state.currentStage();
			int index = "WITHDRAWN".equals(stage) ? 3 : FUNNEL_STAGES.indexOf(stage);
			if (index >= 0) {
				current[index]++;
			}
		}
		return funnel(reached, current);
	}

	/** The funnel from the live counters: per stage, reached and current. */
	static Funnel funnel(Map<String, List<Long>> counts) {
		long[] reached = new long[4];
		long[] current = new long[4];
		List<String> order = List.of("SOLICITED", "CONTRACTED", "PRE_ACCEPTANCE", "WITHDRAWN");
		for (int i = 0; i < order.size(); i++) {
			List<Long> count = counts.getOrDefault(order.get(i), List.of(0L, 0L));
			reached[i] = count.get(0);
			current[i] = count.get(1);
		}
		return funnel(reached, current);
	}

	private static Funnel funnel(long[] reached, long[] current) {
		List<StageFigures> stages = new ArrayList<>(3);
		for (int i = 0; i < 3; i++) {
			stages.add(new StageFigures(FUNNEL_STAGES.get(i), reached[i], current[i],
					(i < 2) ? reached[i] - reached[i + 1] : null));
		}
		return new Funnel(stages, reached[3], new Conversion(ratio(reached[1], reached[0]),
				ratio(reached[2], reached[1]), ratio(reached[2], reached[0])));
	}

	static TimeInStage timeInStage(List<EnterpriseState> states) {
		List<Double> toContract = new ArrayList<>();
		List<Double> toPreAcceptance = new ArrayList<>();
		for (EnterpriseState state : states) {
			if (state.solicitedAt() != null && state.contractedAt() != null) {
				toContract.add(days(state.solicitedAt(), state.contractedAt()));
			}
			if (state.contractedAt() != null && state.preAcceptanceAt() != null) {
				toPreAcceptance.add(days(state.contractedAt(), state.preAcceptanceAt()));
			}
		}
		return new TimeInStage(Span.of(toContract), Span.of(toPreAcceptance));
	}

	private static List<Group> groups(List<EnterpriseState> states, Function<EnterpriseState, String> key) {
		Map<String, List<EnterpriseState>> byKey = new TreeMap<>();
		for (EnterpriseState state : states) {
			String value = key.apply(state);
			if (value != null) {
				byKey.computeIfAbsent(value, (k) -> new ArrayList<>()).add(state);
			}
		}
		List<Group> groups = new ArrayList<>(byKey.size());
		byKey.forEach((value, members) -> groups.add(new Group(value, funnel(members), timeInStage(members))));
		return groups;
	}

	static Stalled stalled(List<EnterpriseState> states, Instant reference, Map<String, Duration> stalledAfter) {
		List<StalledPilot> pilots = new ArrayList<>();
		for (EnterpriseState state : states) {
			String stage = state.currentStage();
			Duration threshold = stalledAfter.get(stage);
			Instant since = state.currentSince();
			if (threshold == null || since == null) {
				continue;
			}
			Duration waiting = Duration.between(since, reference);
			if (waiting.compareTo(threshold) > 0) {
				pilots.add(new StalledPilot(state.uscc(), stage, since, round(waiting.toSeconds() / DAY_SECONDS, 1),
						state.provider(), state.district(), state.industry()));
			}
		}
		pilots.sort(Comparator.comparing(StalledPilot::daysWaiting).reversed().thenComparing(StalledPilot::uscc));
		Map<String, Long> thresholds = new LinkedHashMap<>();
		Map<String, Long> byStage = new LinkedHashMap<>();
		stalledAfter.forEach((stage, after) -> {
			thresholds.put(stage, after.toDays());
			byStage.put(stage, 0L);
		});
		pilots.forEach((pilot) -> byStage.merge(pilot.stage(), 1L, Long::sum));
		return new Stalled(thresholds, pilots.size(), byStage,
				List.copyOf(pilots.subList(0, Math.min(pilots.size(), MAX_STALLED_LISTED))));
	}

	/** The share, to four decimals; {@code null} when nothing could convert. */
	static Double ratio(long part, long whole) {
		return (whole == 0) ? null : round((double) part / whole, 4);
	}

	/**
	 * The {@code p}-th quantile by linear interpolation between closest ranks (the method
	 * spreadsheets call PERCENTILE.INC).
	 */
	static double quantile(double[] sorted, double p) {
		double h = (sorted.length - 1) * p;
		int low = (int) Math.floor(h);
		int high = Math.min(low + 1, sorted.length - 1);
		return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
	}

	private static double days(Instant from, Instant to) {
		return Duration.between(from, to).toSeconds() / DAY_SECONDS;
	}

	static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Math.round(value * scale) / scale;
	}

	/**
	 * Everything computed.
	 *
	 * @param funnel the whole funnel
	 * @param timeInStage days spent between the steps
	 * @param breakdowns by {@code district}, {@code industry}, {@code provider},
	 * {@code cohort}
	 * @param stalled pilots waiting too long
	 */
	public record Figures(Funnel funnel, TimeInStage timeInStage, Map<String, List<Group>> breakdowns,
			Stalled stalled) {

	}

	/**
	 * The funnel of a set of enterprises.
	 *
	 * @param stages the three stages in order
	 * @param withdrawn how many withdrew
	 * @param conversion stage to stage and end to end
	 */
	public record Funnel(List<StageFigures> stages, long withdrawn, Conversion conversion) {

		/** How many reached {@code stage}. */
		public long reached(String stage) {
			return this.stages.stream().filter((s) -> s.stage().equals(stage)).findFirst().orElseThrow().reached();
		}

	}

	/**
	 * One stage.
	 *
	 * @param stage the stage
	 * @param reached how many ever reached it
	 * @param current how many are in it
	 * @param dropOff how many reached it and never the next stage; {@code null} for the
	 * last
	 */
	public record StageFigures(String stage, long reached, long current, Long dropOff) {

	}

	/**
	 * Conversion rates, shares between 0 and 1.
	 *
	 * @param solicitedToContracted contracted over solicited
	 * @param contractedToPreAcceptance pre-acceptance over contracted
	 * @param endToEnd pre-acceptance over solicited
	 */
	public record Conversion(Double solicitedToContracted, Double contractedToPreAcceptance, Double endToEnd) {

	}

	/**
	 * Days from one step to the next.
	 *
	 * @param solicitedToContracted from solicitation to contract
	 * @param contractedToPreAcceptance from contract to pre-acceptance
	 */
	public record TimeInStage(Span solicitedToContracted, Span contractedToPreAcceptance) {

	}

	/**
	 * A distribution of durations, in days to one decimal.
	 *
	 * @param count how many enterprises made the step
	 * @param medianDays the median
	 * @param p75Days the 75th percentile
	 * @param p90Days the 90th percentile
	 */
	public record Span(long count, Double medianDays, Double p75Days, Double p90Days) {

		static Span of(List<Double> days) {
			if (days.isEmpty()) {
				return new Span(0, null, null, null);
			}
			double[] sorted = days.stream().mapToDouble(Double::doubleValue).toArray();
			Arrays.sort(sorted);
			return new Span(sorted.length, round(quantile(sorted, 0.5), 1), round(quantile(sorted, 0.75), 1),
					round(quantile(sorted, 0.9), 1));
		}

	}

	/**
	 * One group of a breakdown.
	 *
	 * @param key the district, industry, provider or cohort month
	 * @param funnel its funnel
	 * @param timeInStage its time in stage
	 */
	public record Group(String key, Funnel funnel, TimeInStage timeInStage) {

	}

	/**
	 * Pilots in an open stage for longer than its threshold.
	 *
	 * @param thresholdDays the threshold per stage, in days
	 * @param total how many pilots are stalled
	 * @param byStage how many are stalled in each open stage
	 * @param pilots the longest waiting, at most
	 * {@value FunnelAnalytics#MAX_STALLED_LISTED}
	 */
	public record Stalled(Map<String, Long> thresholdDays, long total, Map<String, Long> byStage,
			List<StalledPilot> pilots) {

	}

	/**
	 * A stalled pilot.
	 *
	 * @param uscc the enterprise
	 * @param stage the stage it waits in
	 * @param since since when
	 * @param daysWaiting for how long, in days
	 * @param provider its provider, if contracted
	 * @param district its district
	 * @param industry its industry
	 */
	public record StalledPilot(String uscc, String stage, Instant since, double daysWaiting, String provider,
			String district, String industry) {

	}

}
