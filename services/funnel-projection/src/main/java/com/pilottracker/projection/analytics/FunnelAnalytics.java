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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.projection.funnel.EnterpriseProgress;
import com.pilottracker.projection.funnel.Funnel;

/**
 * A programme's figures from its enterprises' progress: counts, drop-off and conversion
 * per stage, breakdowns, time in stage and stalled enterprises. Every stage, pair of
 * stages, attribute and threshold comes from the programme's definition. Pure: the same
 * progress, cut-off and reference time always give the same figures.
 */
public final class FunnelAnalytics {

	/** China Standard Time: dates (asOf, cohorts) are read in it. */
	public static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

	/** The key of the conversion from the first stage to the last. */
	public static final String END_TO_END = "endToEnd";

	private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(CHINA);

	private static final double DAY_SECONDS = Duration.ofDays(1).toSeconds();

	/** How many stalled enterprises an answer lists (the longest waiting). */
	static final int MAX_STALLED_LISTED = 100;

	private FunnelAnalytics() {
	}

	/**
	 * The figures.
	 * @param programme the programme's definition
	 * @param enterprises every enterprise of the programme, as known
	 * @param cutoff count only steps before this instant; {@code null} for every step
	 * @param reference the instant "days waiting" is measured to
	 */
	public static Figures compute(Programme programme, List<EnterpriseProgress> enterprises, Instant cutoff,
			Instant reference) {
		List<EnterpriseProgress> counted = new ArrayList<>(enterprises.size());
		for (EnterpriseProgress progress : enterprises) {
			progress.asOf(programme, cutoff).ifPresent(counted::add);
		}
		Map<String, List<Group>> breakdowns = new LinkedHashMap<>();
		breakdowns.put("district", groups(programme, counted, EnterpriseProgress::district));
		breakdowns.put("industry", groups(programme, counted, EnterpriseProgress::industry));
		breakdowns.put("provider", groups(programme, counted, EnterpriseProgress::provider));
		breakdowns.put("cohort",
				groups(programme, counted, (progress) -> progress.entered(programme).map(MONTH::format).orElse(null)));
		for (Programme.AttributeDefinition attribute : programme.declaredAttributes()) {
			breakdowns.put(attribute.name(),
					groups(programme, counted, (progress) -> progress.attributes().get(attribute.name())));
		}
		return new Figures(funnel(programme, counted), timeInStage(programme, counted), breakdowns,
				stalled(programme, counted, reference));
	}

	/** The figures of the funnel the enterprises make. */
	static FunnelFigures funnel(Programme programme, List<EnterpriseProgress> enterprises) {
		return FunnelFigures.of(programme, Funnel.counting(programme, enterprises));
	}

	/** Days between each pair of consecutive stages, keyed as {@link #pair}. */
	static Map<String, Span> timeInStage(Programme programme, List<EnterpriseProgress> enterprises) {
		Map<String, Span> spans = new LinkedHashMap<>();
		List<Stage> stages = programme.funnelStages();
		for (int i = 0; i + 1 < stages.size(); i++) {
			Stage from = stages.get(i);
			Stage to = stages.get(i + 1);
			List<Double> days = new ArrayList<>();
			for (EnterpriseProgress progress : enterprises) {
				Instant start = progress.reachedAt().get(from);
				Instant end = progress.reachedAt().get(to);
				if (start != null && end != null) {
					days.add(days(start, end));
				}
			}
			spans.put(pair(from, to), Span.of(days));
		}
		return spans;
	}

	private static List<Group> groups(Programme programme, List<EnterpriseProgress> enterprises,
			Function<EnterpriseProgress, String> key) {
		Map<String, List<EnterpriseProgress>> byKey = new TreeMap<>();
		for (EnterpriseProgress progress : enterprises) {
			String value = key.apply(progress);
			if (value != null) {
				byKey.computeIfAbsent(value, (k) -> new ArrayList<>()).add(progress);
			}
		}
		List<Group> groups = new ArrayList<>(byKey.size());
		byKey.forEach((value, members) -> groups
			.add(new Group(value, funnel(programme, members), timeInStage(programme, members))));
		return groups;
	}

	/** The stages of the programme with a {@code stalledAfter}, in order. */
	static Map<String, Duration> stalledAfter(Programme programme) {
		Map<String, Duration> thresholds = new LinkedHashMap<>();
		programme.stages()
			.forEach((stage) -> stage.stalledAfter().ifPresent((after) -> thresholds.put(stage.stage().name(), after)));
		return thresholds;
	}

	static Stalled stalled(Programme programme, List<EnterpriseProgress> enterprises, Instant reference) {
		Map<String, Duration> stalledAfter = stalledAfter(programme);
		List<StalledEnterprise> stalled = new ArrayList<>();
		for (EnterpriseProgress progress : enterprises) {
			String stage = progress.stage().name();
			Duration threshold = stalledAfter.get(stage);
			Instant since = progress.since();
			if (threshold == null || since == null) {
				continue;
			}
			Duration waiting = Duration.between(since, reference);
			if (waiting.compareTo(threshold) > 0) {
				stalled.add(new StalledEnterprise(progress.enterprise().value(), stage, since,
						round(waiting.toSeconds() / DAY_SECONDS, 1), progress.provider(), progress.district(),
						progress.industry()));
			}
		}
		stalled.sort(
				Comparator.comparing(StalledEnterprise::daysWaiting).reversed().thenComparing(StalledEnterprise::uscc));
		Map<String, Long> thresholds = new LinkedHashMap<>();
		Map<String, Long> byStage = new LinkedHashMap<>();
		stalledAfter.forEach((stage, after) -> {
			thresholds.put(stage, after.toDays());
			byStage.put(stage, 0L);
		});
		stalled.forEach((each) -> byStage.merge(each.stage(), 1L, Long::sum));
		return new Stalled(thresholds, stalled.size(), byStage,
				List.copyOf(stalled.subList(0, Math.min(stalled.size(), MAX_STALLED_LISTED))));
	}

	/**
	 * The key of a pair of stages: {@code solicitedToContracted},
	 * {@code contractedToPreAcceptance}, {@code specialisedToLittleGiant}.
	 */
	static String pair(Stage from, Stage to) {
		String next = camel(to);
		return camel(from) + "To" + Character.toUpperCase(next.charAt(0)) + next.substring(1);
	}

	/** A stage's name in lower camel case: {@code preAcceptance}. */
	static String camel(Stage stage) {
		StringBuilder camel = new StringBuilder();
		for (String word : stage.name().toLowerCase(Locale.ROOT).split("_")) {
			if (word.isEmpty()) {
				continue;
			}
			camel.append((camel.length() == 0) ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
		}
		return camel.toString();
	}

	/** A stage's name in lower case words: {@code pre-acceptance}. */
	static String words(Stage stage) {
		return stage.name().toLowerCase(Locale.ROOT).replace('_', '-');
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
	 * @param timeInStage days spent between consecutive stages
	 * @param breakdowns by {@code district}, {@code industry}, {@code provider},
	 * {@code cohort} and each of the programme's own attributes
	 * @param stalled enterprises waiting too long
	 */
	public record Figures(FunnelFigures funnel, Map<String, Span> timeInStage, Map<String, List<Group>> breakdowns,
			Stalled stalled) {

	}

	/**
	 * The figures of a funnel.
	 *
	 * @param stages the funnel stages in order
	 * @param withdrawn how many left the programme: the exits' {@code reached}, summed
	 * (the pilot's withdrawals)
	 * @param exits each exit
	 * @param conversion between each pair of consecutive stages ({@link #pair}) and
	 * {@value FunnelAnalytics#END_TO_END}
	 */
	public record FunnelFigures(List<StageFigures> stages, long withdrawn, List<ExitFigures> exits,
			Map<String, Double> conversion) {

		/** The figures of the counts. */
		public static FunnelFigures of(Programme programme, Funnel funnel) {
			List<Stage> order = programme.funnelStages();
			List<StageFigures> stages = new ArrayList<>(order.size());
			Map<String, Double> conversion = new LinkedHashMap<>();
			for (int i = 0; i < order.size(); i++) {
				Funnel.StageCount count = funnel.stage(order.get(i));
				Funnel.StageCount next = (i + 1 < order.size()) ? funnel.stage(order.get(i + 1)) : null;
				stages.add(new StageFigures(count.stage().name(), count.reached(), count.current(),
						(next != null) ? count.reached() - next.reached() : null));
				if (next != null) {
					conversion.put(pair(count.stage(), next.stage()), ratio(next.reached(), count.reached()));
				}
			}
			conversion.put(END_TO_END, ratio(stages.get(stages.size() - 1).reached(), stages.get(0).reached()));
			List<ExitFigures> exits = new ArrayList<>();
			long withdrawn = 0;
			for (Funnel.StageCount exit : funnel.exits()) {
				exits.add(new ExitFigures(exit.stage().name(), exit.reached(), exit.current()));
				withdrawn += exit.reached();
			}
			return new FunnelFigures(stages, withdrawn, exits, conversion);
		}

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
	 * One exit.
	 *
	 * @param stage the exit
	 * @param reached how many ever left by it
	 * @param current how many are out by it now (not re-entered)
	 */
	public record ExitFigures(String stage, long reached, long current) {

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
	 * @param key the district, industry, provider, cohort month or attribute value
	 * @param funnel its funnel
	 * @param timeInStage its time in stage
	 */
	public record Group(String key, FunnelFigures funnel, Map<String, Span> timeInStage) {

	}

	/**
	 * Enterprises in a stage for longer than its threshold (the definition's
	 * {@code stalledAfter}).
	 *
	 * @param thresholdDays the threshold per stage, in days
	 * @param total how many are stalled
	 * @param byStage how many are stalled in each stage with a threshold
	 * @param pilots the longest waiting, at most
	 * {@value FunnelAnalytics#MAX_STALLED_LISTED} (the name the pilot's answers gave it)
	 */
	public record Stalled(Map<String, Long> thresholdDays, long total, Map<String, Long> byStage,
			List<StalledEnterprise> pilots) {

	}

	/**
	 * A stalled enterprise.
	 *
	 * @param uscc the enterprise
	 * @param stage the stage it waits in
	 * @param since since when
	 * @param daysWaiting for how long, in days
	 * @param provider its provider, if contracted
	 * @param district its district
	 * @param industry its industry
	 */
	public record StalledEnterprise(String uscc, String stage, Instant since, double daysWaiting, String provider,
			String district, String industry) {

	}

}
