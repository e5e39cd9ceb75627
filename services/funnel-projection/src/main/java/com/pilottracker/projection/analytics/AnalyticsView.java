package com.pilottracker.projection.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/analytics}: the figures, what they are as of and as
 * known at, how fresh they are, and what each means.
 *
 * @param asOf the date the figures are as of, {@code null} for every step
 * @param knownAt the instant the figures are as known at, {@code null} for everything
 * recorded
 * @param generatedAt when this answer was computed
 * @param position the projection's position
 * @param lag how far behind the projection is
 * @param rebuilding whether a rebuild of the projection is in progress: the figures are
 * then the ones from before it, kept current, until it swaps its tables in
 * @param funnel the whole funnel
 * @param timeInStage days between steps
 * @param breakdowns by district, industry, provider and cohort
 * @param stalled pilots waiting too long
 * @param definitions what each figure means
 */
public record AnalyticsView(LocalDate asOf, Instant knownAt, Instant generatedAt, PositionView position, Lag lag,
		boolean rebuilding, FunnelAnalytics.Funnel funnel, FunnelAnalytics.TimeInStage timeInStage,
		Map<String, List<FunnelAnalytics.Group>> breakdowns, FunnelAnalytics.Stalled stalled,
		Map<String, String> definitions) {

	/**
	 * The projection's position.
	 *
	 * @param sequence the last applied change's number, 0 when none
	 * @param lastAppliedAt when it was applied
	 */
	public record PositionView(long sequence, Instant lastAppliedAt) {

	}

	/**
	 * How far behind the projection is.
	 *
	 * @param events changes not applied yet; -1 when unknown
	 * @param seconds 0 when none wait; else seconds since the newest applied change was
	 * recorded
	 */
	public record Lag(long events, double seconds) {

	}

	/**
	 * A live update for the stream.
	 *
	 * @param sequence the position now
	 * @param previousSequence the position of the message before, on this stream
	 * @param position the position
	 * @param lag the lag
	 * @param funnel the whole funnel now
	 * @param rebuilding whether a rebuild of the projection is in progress
	 */
	public record Delta(long sequence, long previousSequence, PositionView position, Lag lag,
			FunnelAnalytics.Funnel funnel, boolean rebuilding) {

	}

}
