package com.pilottracker.projection.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.projection.funnel.EnterpriseProgress;

/**
 * What changed in the figures for one {@code asOf} between two {@code knownAt} instants,
 * and why: the enterprises whose counted steps differ, with the milestones recorded in
 * between. Pure.
 *
 * @param programme the programme's id
 * @param asOf the date both figures are as of, {@code null} for every step
 * @param from the earlier knownAt
 * @param to the later knownAt
 * @param before the funnel as known at {@code from}
 * @param after the funnel as known at {@code to}
 * @param changes one entry per enterprise whose counted steps differ
 * @param rebuilding whether a rebuild of the projection was in progress (the history is
 * then the one from before it, kept current, until it swaps its tables in)
 */
public record Restatement(String programme, LocalDate asOf, Instant from, Instant to,
		FunnelAnalytics.FunnelFigures before, FunnelAnalytics.FunnelFigures after, List<Change> changes,
		boolean rebuilding) {

	/** A step that happened by asOf but was recorded after {@code from}. */
	public static final String LATE_REPORT = "LATE_REPORT";

	/** A step counted at {@code from} that no longer counts, or moved, at {@code to}. */
	public static final String CORRECTION = "CORRECTION";

	static Restatement of(Programme programme, LocalDate asOf, Instant cutoff, Instant from, Instant to,
			List<EnterpriseProgress> atFrom, List<EnterpriseProgress> atTo,
			List<AnalyticsStore.RecordedChange> recordedBetween) {
		Map<String, EnterpriseProgress> before = new HashMap<>();
		List<EnterpriseProgress> countedBefore = new ArrayList<>();
		for (EnterpriseProgress progress : atFrom) {
			progress.asOf(programme, cutoff).ifPresent((then) -> {
				before.put(then.enterprise().value(), then);
				countedBefore.add(then);
			});
		}
		Map<String, List<Milestone>> why = new HashMap<>();
		for (AnalyticsStore.RecordedChange change : recordedBetween) {
			why.computeIfAbsent(change.uscc(), (k) -> new ArrayList<>())
				.add(new Milestone(change.milestoneSource(), change.milestoneId(), change.toStage(),
						change.occurredAt(), change.recordedAt()));
		}
		Map<String, Change> changes = new TreeMap<>();
		List<EnterpriseProgress> counted = new ArrayList<>();
		for (EnterpriseProgress progress : atTo) {
			Optional<EnterpriseProgress> now = progress.asOf(programme, cutoff);
			now.ifPresent(counted::add);
			String uscc = progress.enterprise().value();
			EnterpriseProgress then = before.remove(uscc);
			List<String> stagesThen = stages(programme, then);
			List<String> stagesNow = stages(programme, now.orElse(null));
			if (!stagesThen.equals(stagesNow) || moved(then, now.orElse(null))) {
				changes.put(uscc, change(now.orElse(progress), stagesThen, stagesNow, why));
			}
		}
		for (EnterpriseProgress gone : before.values()) {
			changes.put(gone.enterprise().value(), change(gone, stages(programme, gone), List.of(), why));
		}
		return new Restatement(programme.id(), asOf, from, to, FunnelAnalytics.funnel(programme, countedBefore),
				FunnelAnalytics.funnel(programme, counted), List.copyOf(changes.values()), false);
	}

	/** This restatement, saying whether a rebuild was in progress. */
	Restatement duringRebuild(boolean rebuilding) {
		return new Restatement(this.programme, this.asOf, this.from, this.to, this.before, this.after, this.changes,
				rebuilding);
	}

	private static Change change(EnterpriseProgress progress, List<String> then, List<String> now,
			Map<String, List<Milestone>> why) {
		String reason = now.containsAll(then) && !now.equals(then) ? LATE_REPORT : CORRECTION;
		String uscc = progress.enterprise().value();
		return new Change(uscc, progress.district(), progress.industry(), then, now, reason,
				why.getOrDefault(uscc, List.of()));
	}

	/** Whether a stage counted at both instants moved in time. */
	private static boolean moved(EnterpriseProgress then, EnterpriseProgress now) {
		return then != null && now != null && !then.reachedAt().equals(now.reachedAt());
	}

	/** The stages it counts in, in the programme's order. */
	private static List<String> stages(Programme programme, EnterpriseProgress progress) {
		if (progress == null) {
			return List.of();
		}
		return programme.allStages().stream().filter(progress::hasReached).map(Stage::name).toList();
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
