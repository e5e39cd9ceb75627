package com.pilottracker.projection.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Stage;
import com.pilottracker.kafka.ProgrammeCatalog;
import com.pilottracker.projection.funnel.kafka.ProjectionLag;
import com.pilottracker.projection.funnel.store.Position;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The projection's operational gauges: how far behind it is
 * ({@code pilot_projection_lag_events},
 * {@code pilot_projection_newest_applied_age_seconds},
 * {@code pilot_projection_oldest_unapplied_age_seconds}), the funnel per district and
 * industry ({@code pilot_funnel_group_reached}, {@code pilot_funnel_group_current}, with
 * {@code programme}, {@code stage}, {@code district}, {@code industry}) and the stalled
 * enterprises per programme and funnel stage ({@code pilot_stalled_pilots}, 0 for a stage
 * whose definition sets no threshold, with {@code programme} and {@code stage}). The
 * {@code programme} tag takes the catalog's ids only. Every replica reads the same
 * database and reports the same funnel: dashboards take the {@code max} over replicas,
 * never the sum.
 */
@Component
class ProjectionGauges {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionGauges.class);

	private final Analytics analytics;

	private final AnalyticsStore store;

	private final ProjectionLag lag;

	private final MultiGauge groupReached;

	private final MultiGauge groupCurrent;

	private final AtomicReference<Instant> newestRecordedAt = new AtomicReference<>();

	private final AtomicReference<Map<String, Map<String, Long>>> stalled = new AtomicReference<>(Map.of());

	private final ProgrammeCatalog programmes;

	ProjectionGauges(Analytics analytics, AnalyticsStore store, ProjectionLag lag, ProgrammeCatalog programmes,
			MeterRegistry meters) {
		this.analytics = analytics;
		this.programmes = programmes;
		this.store = store;
		this.lag = lag;
		Gauge.builder("pilot.projection.lag.events", lag, (value) -> Math.max(0, value.events()))
			.description("Stage changes on pilot.stage-changes the projection has not applied yet")
			.register(meters);
		Gauge
			.builder("pilot.projection.oldest.unapplied.age", lag,
					(value) -> value.oldestUnapplied().toMillis() / 1000.0)
			.description("Age of the oldest stage change not applied yet; 0 when none waits")
			.baseUnit("seconds")
			.register(meters);
		Gauge
			.builder("pilot.projection.newest.applied.age", this.newestRecordedAt,
					(at) -> (at.get() != null) ? Duration.between(at.get(), Instant.now()).toMillis() / 1000.0 : 0)
			.description("Age of the newest stage change the projection applied, since the lifecycle recorded it")
			.baseUnit("seconds")
			.register(meters);
		// a series for every funnel stage, 0 where the definition sets no threshold (no
		// enterprise is stalled there), so every programme has the same series to chart
		// and alert on
		programmes.all().forEach((programme) -> stalledGauges(programme, meters));
		programmes.onNewProgramme((programme) -> stalledGauges(programme, meters));
		this.groupReached = MultiGauge.builder("pilot.funnel.group.reached")
			.description("Enterprises that ever reached the stage, per district and industry")
			.register(meters);
		this.groupCurrent = MultiGauge.builder("pilot.funnel.group.current")
			.description("Enterprises in the stage now, per district and industry")
			.register(meters);
	}

	private void stalledGauges(Programme programme, MeterRegistry meters) {
		for (Stage each : programme.funnelStages()) {
			String stage = each.name();
			Gauge
				.builder("pilot.stalled.pilots", this.stalled,
						(value) -> stalledIn(value.get().get(programme.id()), stage))
				.description("Enterprises in a stage for longer than its threshold (the programme's stalledAfter); "
						+ "0 for a stage without one")
				.tag("programme", programme.id())
				.tag("stage", stage)
				.register(meters);
		}
	}

	@Scheduled(fixedDelayString = "${pilot.analytics.gauge-refresh:5s}", initialDelay = 0)
	void refresh() {
		try {
			Position position = this.store.position().block(Duration.ofSeconds(10));
			this.newestRecordedAt.set((position != null) ? position.lastRecordedAt() : null);
			List<AnalyticsStore.GroupCount> groups = this.store.groupCounts().block(Duration.ofSeconds(10));
			List<MultiGauge.Row<?>> reached = new ArrayList<>();
			List<MultiGauge.Row<?>> current = new ArrayList<>();
			for (AnalyticsStore.GroupCount group : groups) {
				if (this.programmes.find(group.programme()).isEmpty()) {
					// the tags stay bounded by the catalog
					continue;
				}
				Tags tags = Tags.of("programme", group.programme(), "stage", group.stage(), "district",
						group.district(), "industry", group.industry());
				reached.add(MultiGauge.Row.of(tags, group.reached()));
				current.add(MultiGauge.Row.of(tags, group.current()));
			}
			this.groupReached.register(reached, true);
			this.groupCurrent.register(current, true);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh the projection's gauges: {}", ex.toString());
		}
	}

	@Scheduled(fixedDelayString = "${pilot.analytics.stalled-refresh:30s}", initialDelay = 0)
	void refreshStalled() {
		try {
			Map<String, Map<String, Long>> counts = new java.util.HashMap<>();
			for (Programme programme : this.programmes.all()) {
				counts.put(programme.id(), this.analytics.stalledByStage(programme).block(Duration.ofSeconds(30)));
			}
			this.stalled.set(counts);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not count the stalled pilots: {}", ex.toString());
		}
	}

	private static double stalledIn(Map<String, Long> stalled, String stage) {
		return (stalled != null) ? stalled.getOrDefault(stage, 0L) : 0;
	}

}
