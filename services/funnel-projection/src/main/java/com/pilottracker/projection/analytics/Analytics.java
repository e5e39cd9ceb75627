package com.pilottracker.projection.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.pilottracker.contracts.Programme;
import com.pilottracker.projection.funnel.EnterpriseProgress;
import com.pilottracker.projection.funnel.kafka.ProjectionLag;
import com.pilottracker.projection.funnel.store.Position;
import com.pilottracker.projection.registry.ServiceOrganisations;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The leadership's questions about a programme, answered from the projection: the figures
 * live, as of a date, as known at an instant; restatements between two instants; and a
 * stream of live changes.
 */
@Service
public class Analytics {

	private final AnalyticsStore store;

	private final ProjectionLag lag;

	private final Clock clock = Clock.systemUTC();

	private final Flux<AnalyticsStore.Live> changes;

	private final ServiceOrganisations providers;

	Analytics(AnalyticsStore store, ProjectionLag lag, ServiceOrganisations providers,
			@Value("${pilot.analytics.stream-poll:250ms}") Duration poll) {
		this.store = store;
		this.lag = lag;
		this.providers = providers;
		// one poll for every stream, whatever its programme: every programme's live
		// funnel, whenever any changes
		this.changes = Flux.interval(Duration.ZERO, poll)
			.onBackpressureDrop()
			.concatMap((tick) -> store.live().onErrorResume((ex) -> Mono.empty()), 1)
			.distinctUntilChanged()
			.share();
	}

	/**
	 * How many of the programme's enterprises are stalled now in each stage with a
	 * threshold: the figure of {@link #view}'s {@code stalled.byStage}, counted in the
	 * database (the gauge asks every 30 s; the whole view reads every enterprise).
	 */
	Mono<Map<String, Long>> stalledByStage(Programme programme) {
		return this.store.stalledCounts(programme, this.clock.instant());
	}

	/**
	 * The programme's figures, as of a date (every step if {@code null}), as known at an
	 * instant (all if {@code null}).
	 */
	public Mono<AnalyticsView> view(Programme programme, LocalDate asOf, Instant knownAt) {
		Instant now = this.clock.instant();
		Instant cutoff = cutoff(asOf);
		Instant reference = (cutoff != null && cutoff.isBefore(now)) ? cutoff : now;
		Mono<List<EnterpriseProgress>> enterprises = (knownAt != null) ? this.store.knownAt(programme, knownAt)
				: this.store.now(programme);
		return Mono.zip(enterprises, this.store.position()).map((loaded) -> {
			FunnelAnalytics.Figures figures = FunnelAnalytics.compute(programme, loaded.getT1(), cutoff, reference);
			Position position = loaded.getT2();
			return new AnalyticsView(programme.id(), asOf, knownAt, now, position.shown(), this.lag.lag(position, now),
					this.store.rebuilding(), figures.funnel(), figures.timeInStage(), figures.breakdowns(),
					providers(figures.breakdowns()), figures.stalled(), Definitions.of(programme));
		});
	}

	/** The registry's entry of each provider the breakdown by provider names. */
	private Map<String, ServiceOrganisations.Provider> providers(Map<String, List<FunnelAnalytics.Group>> breakdowns) {
		Map<String, ServiceOrganisations.Provider> providers = new java.util.TreeMap<>();
		for (FunnelAnalytics.Group group : breakdowns.getOrDefault("provider", List.of())) {
			this.providers.provider(group.key()).ifPresent((provider) -> providers.put(group.key(), provider));
		}
		return providers;
	}

	/**
	 * What changed in the programme for {@code asOf} between what was known at
	 * {@code from} and at {@code to}.
	 */
	Mono<Restatement> restatement(Programme programme, LocalDate asOf, Instant from, Instant to) {
		Instant cutoff = cutoff(asOf);
		return Mono
			.zip(this.store.knownAt(programme, from), this.store.knownAt(programme, to),
					this.store.recordedBetween(programme, from, to).collectList())
			.map((loaded) -> Restatement
				.of(programme, asOf, cutoff, from, to, loaded.getT1(), loaded.getT2(), loaded.getT3())
				.duringRebuild(this.store.rebuilding()));
	}

	/**
	 * The programme's live figures first, then a delta each time its funnel moves (or a
	 * rebuild starts or ends); each message has the position it reflects and the one of
	 * the message before.
	 */
	Flux<Object> stream(Programme programme) {
		// the counters first, then the figures: a change in between shows in the figures
		// and, once more, as a delta
		return this.store.live()
			.flatMap((live) -> view(programme, null, null).map((snapshot) -> Tuples.of(snapshot, live)))
			.flatMapMany((start) -> {
				AnalyticsStore.Live[] last = { start.getT2() };
				long[] sequence = { start.getT1().position().sequence() };
				Flux<Object> deltas = this.changes.filter((live) -> moved(programme, last[0], live))
					.concatMap((live) -> this.store.position().map((position) -> {
						last[0] = live;
						// strictly increasing on a stream, even when the counters moved
						// and the visible position did not (a lower position committed
						// late)
						long next = Math.max(live.sequence(), sequence[0] + 1);
						AnalyticsView.Delta delta = new AnalyticsView.Delta(programme.id(), next, sequence[0],
								position.shown(), this.lag.lag(position, this.clock.instant()),
								FunnelAnalytics.FunnelFigures.of(programme, live.funnel(programme)), live.rebuilding());
						sequence[0] = next;
						return (Object) delta;
					}), 1);
				return Flux.concat(Mono.just(start.getT1()), deltas);
			});
	}

	/** Whether the programme's funnel moved, or a rebuild started or ended. */
	private static boolean moved(Programme programme, AnalyticsStore.Live before, AnalyticsStore.Live now) {
		return !Objects.equals(before.funnel(programme), now.funnel(programme))
				|| before.rebuilding() != now.rebuilding();
	}

	/** The instant a date ends in China time; steps before it count. */
	static Instant cutoff(LocalDate asOf) {
		return (asOf != null) ? asOf.plusDays(1).atStartOfDay().toInstant(FunnelAnalytics.CHINA) : null;
	}

}
