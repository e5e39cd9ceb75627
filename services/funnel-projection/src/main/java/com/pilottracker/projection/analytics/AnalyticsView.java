package com.pilottracker.projection.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.pilottracker.projection.funnel.kafka.ProjectionLag;
import com.pilottracker.projection.funnel.store.Position;
import com.pilottracker.projection.registry.ServiceOrganisations;

/**
 * The answer of {@code GET /api/v1/analytics}: a programme's figures, what they are as of
 * and as known at, how fresh they are, and what each means.
 *
 * @param programme the programme's id
 * @param asOf the date the figures are as of, {@code null} for every step
 * @param knownAt the instant the figures are as known at, {@code null} for everything
 * recorded
 * @param generatedAt when this answer was computed
 * @param position the projection's position
 * @param lag how far behind the projection is
 * @param rebuilding whether a rebuild of the projection is in progress: the figures are
 * then the ones from before it, kept current, until it swaps its tables in
 * @param funnel the whole funnel
 * @param timeInStage days between consecutive stages
 * @param breakdowns by district, industry, provider, cohort and each of the programme's
 * own attributes
 * @param providers the registry's entry of each provider of the breakdown by provider
 * that the registry holds, by id: names, service domains and vetting
 * @param stalled enterprises waiting too long
 * @param definitions what each figure means
 */
public record AnalyticsView(String programme, LocalDate asOf, Instant knownAt, Instant generatedAt,
		Position.Shown position, ProjectionLag.Lag lag, boolean rebuilding, FunnelAnalytics.FunnelFigures funnel,
		Map<String, FunnelAnalytics.Span> timeInStage, Map<String, List<FunnelAnalytics.Group>> breakdowns,
		Map<String, ServiceOrganisations.Provider> providers, FunnelAnalytics.Stalled stalled,
		Map<String, String> definitions) {

	/**
	 * A live update for the stream.
	 *
	 * @param programme the programme's id
	 * @param sequence the position now
	 * @param previousSequence the position of the message before, on this stream
	 * @param position the position
	 * @param lag the lag
	 * @param funnel the programme's whole funnel now
	 * @param rebuilding whether a rebuild of the projection is in progress
	 */
	public record Delta(String programme, long sequence, long previousSequence, Position.Shown position,
			ProjectionLag.Lag lag, FunnelAnalytics.FunnelFigures funnel, boolean rebuilding) {

	}

}
