package com.pilottracker.projection.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The leadership's questions, answered from the projection: the figures live, as of a
 * date, as known at an instant; restatements between two instants; and a stream of live
 * changes.
 */
@Service
class Analytics {

	private final AnalyticsStore store;

	private final ProjectionLag lag;

	private final Map<String, Duration> stalledAfter;

	private final Clock clock = Clock.systemUTC();

	private final Flux<AnalyticsStore.Live> changes;

	Analytics(AnalyticsStore store, ProjectionLag lag,
			@Value("${pilot.analytics.stalled-after.solicited:90d}") Duration solicited,
			@Value("${pilot.analytics.stalled-after.contracted:180d}") Duration contracted,
			@Value("${pilot.analytics.stream-poll:250ms}") Duration poll) {
		this.store = store;
		this.lag = lag;
		Map<String, Duration> after = new LinkedHashMap<>();
		after.put("SOLICITED", solicited);
		after.put("CONTRACTED", contracted);
		this.stalledAfter = after;
		// one poll for every stream: the fingerprint of the live funnel, whenever it
		// changes
		this.changes = Flux.interval(Duration.ZERO, poll)
			.onBackpressureDrop()
			.concatMap((tick) -> store.live().onErrorResume((ex) -> Mono.empty()), 1)
			.distinctUntilChanged()
			.share();
	}

	/**
	 * How many pilots are stalled now in each stage with a threshold: the figure of
	 * {@link #view}'s {@code stalled.byStage}, counted in the database (the gauge asks
	 * every 30 s; the whole view reads every enterprise).
	 */
	Mono<Map<String, Long>> stalledByStage() {
		return this.store.stalledCounts(this.clock.instant(), this.stalledAfter);
	}

	/**
	 * The figures, as of a date (every step if {@code null}), as known at an instant (all
	 * if {@code null}).
	 */
	Mono<AnalyticsView> view(LocalDate asOf, Instant knownAt) {
		Instant now = this.clock.instant();
		Instant cutoff = cutoff(asOf);
		Instant reference = (cutoff != null && cutoff.isBefore(now)) ? cutoff : now;
		Mono<List<EnterpriseState>> states = (knownAt != null) ? this.store.knownAt(knownAt) : this.store.now();
		return Mono.zip(states, this.store.position()).map((loaded) -> {
			FunnelAnalytics.Figures figures = FunnelAnalytics.compute(loaded.getT1(), cutoff, reference,
					this.stalledAfter);
			AnalyticsStore.Position position = loaded.getT2();
			return new AnalyticsView(asOf, knownAt, now, positionView(position), lag(position, now),
					this.store.rebuilding(), figures.funnel(), figures.timeInStage(), figures.breakdowns(),
					figures.stalled(), Definitions.ALL);
		});
	}

	/**
	 * What changed for {@code asOf} between what was known at {@code from} and at
	 * {@code to}.
	 */
	Mono<Restatement> restatement(LocalDate asOf, Instant from, Instant to) {
		Instant cutoff = cutoff(asOf);
		return Mono
			.zip(this.store.knownAt(from), this.store.knownAt(to), this.store.recordedBetween(from, to).collectList())
			.map((loaded) -> Restatement.of(asOf, cutoff, from, to, loaded.getT1(), loaded.getT2(), loaded.getT3())
				.duringRebuild(this.store.rebuilding()));
	}

	/**
	 * The live figures first, then a delta each time the funnel moves; each message has
	 * the position it reflects and the one of the message before.
	 */
	Flux<Object> stream() {
		// the counters first, then the figures: a change in between shows in the figures
		// and, once more, as a delta
		return this.store.live()
			.flatMap((live) -> view(null, null).map((snapshot) -> reactor.util.function.Tuples.of(snapshot, live)))
			.flatMapMany((start) -> {
				AnalyticsStore.Live[] last = { start.getT2() };
				long[] sequence = { start.getT1().position().sequence() };
				Flux<Object> deltas = this.changes.filter((live) -> !live.equals(last[0]))
					.concatMap((live) -> this.store.position().map((position) -> {
						last[0] = live;
						// strictly increasing on a stream, even when the counters moved
						// and the
						// visible position did not (a lower position committed late)
						long next = Math.max(live.sequence(), sequence[0] + 1);
						AnalyticsView.Delta delta = new AnalyticsView.Delta(next, sequence[0], positionView(position),
								lag(position, this.clock.instant()), FunnelAnalytics.funnel(live.counts()),
								live.rebuilding());
						sequence[0] = next;
						return (Object) delta;
					}), 1);
				return Flux.concat(Mono.just(start.getT1()), deltas);
			});
	}

	/** The instant a date ends in China time; steps before it count. */
	static Instant cutoff(LocalDate asOf) {
		return (asOf != null) ? asOf.plusDays(1).atStartOfDay().toInstant(FunnelAnalytics.CHINA) : null;
	}

	private static AnalyticsView.PositionView positionView(AnalyticsStore.Position position) {
		return new AnalyticsView.PositionView(position.sequence(), position.lastAppliedAt());
	}

	private AnalyticsView.Lag lag(AnalyticsStore.Position position, Instant now) {
		long events = this.lag.events();
		double seconds = 0;
		if (events > 0 && position.lastRecordedAt() != null) {
			seconds = FunnelAnalytics.round(Duration.between(position.lastRecordedAt(), now).toMillis() / 1000.0, 1);
		}
		return new AnalyticsView.Lag(events, seconds);
	}

}
