package com.pilottracker.projection.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What changed in the figures for one {@code asOf} between two {@code knownAt} instants,
 * and why: the enterprises whose counted steps differ, with the milestones recorded in
 * between. Pure.
 *
 * @param asOf the date both figures are as of, {@code null} for every step
 * @param from the earlier knownAt
 * @param to the later knownAt
 * @param before the funnel as known at {@code from}
 * @param after the funnel as known at {@code to}
 * @param changes one entry per enterprise whose counted steps differ
 * @param rebuilding whether a rebuild of the projection was in progress (the history is
 * then the one from before it, kept current, until it swaps its tables in)
 */
public record Restatement(LocalDate asOf, Instant from, Instant to, FunnelAnalytics.Funnel before,
		FunnelAnalytics.Funnel after, List<Change> changes, boolean rebuilding) {

	/** A step that happened by asOf but was recorded after {@code from}. */
	public static final String LATE_REPORT = "LATE_REPORT";

	/** A step counted at {@code from} that no longer counts, or moved, at {@code to}. */
	public static final String CORRECTION = "CORRECTION";

	static Restatement of(LocalDate asOf, Instant cutoff, Instant from, Instant to, List<EnterpriseState> atFrom,
			List<EnterpriseState> atTo, List<AnalyticsStore.RecordedChange> recordedBetween) {
		Map<String, EnterpriseState> before = new HashMap<>();
		atFrom.forEach((state) -> before.put(state.uscc(), state.asOf(cutoff)));
		Map<String, List<Milestone>> why = new HashMap<>();
		for (AnalyticsStore.RecordedChange change : recordedBetween) {
			why.computeIfAbsent(change.uscc(), (k) -> new ArrayList<>())
				.add(new Milestone(change.milestoneSource(), change.milestoneId(), change.toStage(),
						change.occurredAt(), change.recordedAt()));
		}
		Map<String, Change> changes = new TreeMap<>();
		List<EnterpriseState> counted = new ArrayList<>();
		for (EnterpriseState state : atTo) {
			EnterpriseState now = state.asOf(cutoff);
			counted.add(now);
			EnterpriseState then = before.remove(state.uscc());
			Set<String> stagesThen = stages(then);
			Set<String> stagesNow = stages(now);
			if (!stagesThen.equals(stagesNow) || moved(then, now)) {
				changes.put(state.uscc(), change(now, stagesThen, stagesNow, why));
			}
		}
		for (EnterpriseState gone : before.values()) {
			changes.put(gone.uscc(), change(gone, stages(gone), Set.of(), why));
		}
		List<EnterpriseState> countedBefore = new ArrayList<>();
		atFrom.forEach((state) -> countedBefore.add(state.asOf(cutoff)));
		return new Restatement(asOf, from, to, FunnelAnalytics.funnel(inFunnel(countedBefore)),
				FunnelAnalytics.funnel(inFunnel(counted)), List.copyOf(changes.values()), false);
	}

	/** This restatement, saying whether a rebuild was in progress. */
	Restatement duringRebuild(boolean rebuilding) {
		return new Restatement(this.asOf, this.from, this.to, this.before, this.after, this.changes, rebuilding);
	}

	private static Change change(EnterpriseState state, Set<String> then, Set<String> now,
			Map<String, List<Milestone>> why) {
		String reason = now.containsAll(then) && !now.equals(then) ? LATE_REPORT : CORRECTION;
		return new Change(state.uscc(), state.district(), state.industry(), List.copyOf(then), List.copyOf(now), reason,
				why.getOrDefault(state.uscc(), List.of()));
	}

	private static boolean moved(EnterpriseState then, EnterpriseState now) {
		return then != null && !(java.util.Objects.equals(then.solicitedAt(), now.solicitedAt())
				&& java.util.Objects.equals(then.contractedAt(), now.contractedAt())
				&& java.util.Objects.equals(then.preAcceptanceAt(), now.preAcceptanceAt())
				&& java.util.Objects.equals(then.withdrawnAt(), now.withdrawnAt()));
	}

	private static List<EnterpriseState> inFunnel(List<EnterpriseState> states) {
		return states.stream().filter(EnterpriseState::inFunnel).toList();
	}

	private static Set<String> stages(EnterpriseState state) {
		Set<String> stages = new LinkedHashSet<>();
		if (state == null) {
			return stages;
		}
		if (state.solicitedAt() != null) {
			stages.add("SOLICITED");
		}
		if (state.contractedAt() != null) {
			stages.add("CONTRACTED");
		}
		if (state.preAcceptanceAt() != null) {
			stages.add("PRE_ACCEPTANCE");
		}
		if (state.withdrawnAt() != null) {
			stages.add("WITHDRAWN");
		}
		return stages;
	}

	/**
	 * One enterprise whose figures changed.
	 *
	 * @param uscc the enterprise
	 * @param district its district
	 * @param industry its industry
	 * @param before the stages it counted in at {@code from}
	 * @param after the stages it counts in at {@code to}
	 * @param reason {@value #LATE_REPORT} or {@value #CORRECTION}
	 * @param milestones the milestones recorded in between that changed it
	 */
	public record Change(String uscc, String district, String industry, List<String> before, List<String> after,
			String reason, List<Milestone> milestones) {

	}

	/**
	 * A milestone recorded between the two instants.
	 *
	 * @param source its CloudEvents source
	 * @param id its CloudEvents id
	 * @param stage the stage it moved the enterprise to
	 * @param occurredAt when it happened
	 * @param recordedAt when the system recorded it
	 */
	public record Milestone(String source, String id, String stage, Instant occurredAt, Instant recordedAt) {

	}

}
