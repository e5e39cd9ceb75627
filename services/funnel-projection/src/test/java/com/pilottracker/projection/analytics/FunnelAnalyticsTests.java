package com.pilottracker.projection.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FunnelAnalyticsTests {

	static final Instant DAY0 = Instant.parse("2024-01-01T02:00:00Z");

	static final Map<String, Duration> STALLED = Map.of("SOLICITED", Duration.ofDays(90), "CONTRACTED",
			Duration.ofDays(180));

	@Test
	void countsReachedCurrentDropOffWithdrawnAndConversion() {
		List<EnterpriseState> states = List.of(state("A", 0, 10, 40, null), state("B", 0, 20, null, null),
				state("C", 0, null, null, 5), state("D", 0, 30, null, 50), state("E", 0, null, null, null));

		FunnelAnalytics.Funnel funnel = FunnelAnalytics.compute(states, null, day(400), STALLED).funnel();

		assertThat(funnel.stages()).containsExactly(new FunnelAnalytics.StageFigures("SOLICITED", 5, 1, 2L),
				new FunnelAnalytics.StageFigures("CONTRACTED", 3, 1, 2L),
				new FunnelAnalytics.StageFigures("PRE_ACCEPTANCE", 1, 1, null));
		assertThat(funnel.withdrawn()).isEqualTo(2);
		assertThat(funnel.conversion()).isEqualTo(new FunnelAnalytics.Conversion(0.6, 0.3333, 0.2));
	}

	@Test
	void asOfADateCountsOnlyStepsOnOrBeforeItInChinaTime() {
		// contracted at 2024-01-11 10:00 China time, pre-acceptance 2024-02-10
		List<EnterpriseState> states = List.of(state("A", 0, 10, 40, null), state("B", 12, null, null, null));

		Instant cutoff = Analytics.cutoff(LocalDate.of(2024, 1, 11));
		FunnelAnalytics.Funnel funnel = FunnelAnalytics.compute(states, cutoff, cutoff, STALLED).funnel();

		assertThat(funnel.stages()).extracting(FunnelAnalytics.StageFigures::reached).containsExactly(1L, 1L, 0L);
		assertThat(funnel.stages()).extracting(FunnelAnalytics.StageFigures::current).containsExactly(0L, 1L, 0L);
		assertThat(FunnelAnalytics.compute(states, Analytics.cutoff(LocalDate.of(2024, 1, 10)), cutoff, STALLED)
			.funnel()
			.reached("CONTRACTED")).isZero();
	}

	@Test
	void aContractAfterTheDateDoesNotPutTheEnterpriseInItsProvidersBreakdown() {
		List<EnterpriseState> states = List.of(state("A", 0, 10, null, null));

		FunnelAnalytics.Figures figures = FunnelAnalytics.compute(states, Analytics.cutoff(LocalDate.of(2024, 1, 5)),
				day(5), STALLED);

		assertThat(figures.breakdowns().get("provider")).isEmpty();
		assertThat(figures.breakdowns().get("cohort")).extracting(FunnelAnalytics.Group::key)
			.containsExactly("2024-01");
	}

	@Test
	void timeInStageHasMedianAndPercentilesByLinearInterpolation() {
		List<EnterpriseState> states = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			states.add(state("E" + i, 0, i * 10, null, null));
		}

		FunnelAnalytics.Span span = FunnelAnalytics.compute(states, null, day(400), STALLED)
			.timeInStage()
			.solicitedToContracted();

		assertThat(span.count()).isEqualTo(10);
		assertThat(span.medianDays()).isEqualTo(55.0);
		assertThat(span.p75Days()).isEqualTo(77.5);
		assertThat(span.p90Days()).isEqualTo(91.0);
		assertThat(FunnelAnalytics.compute(states, null, day(400), STALLED).timeInStage().contractedToPreAcceptance())
			.isEqualTo(new FunnelAnalytics.Span(0, null, null, null));
	}

	@Test
	void listsPilotsInAnOpenStageLongerThanItsThresholdLongestWaitingFirst() {
		List<EnterpriseState> states = List.of(state("A", 0, null, null, null), state("B", 160, null, null, null),
				state("C", 0, 50, null, null), state("D", 0, 300, null, null), state("E", 0, 10, 20, null),
				state("F", 0, null, null, 10));

		FunnelAnalytics.Stalled stalled = FunnelAnalytics.compute(states, null, day(240), STALLED).stalled();

		assertThat(stalled.total()).isEqualTo(2);
		assertThat(stalled.pilots()).extracting(FunnelAnalytics.StalledPilot::uscc).containsExactly("A", "C");
		assertThat(stalled.pilots().get(0).daysWaiting()).isCloseTo(240.0, within(0.01));
		assertThat(stalled.pilots().get(1).provider()).isEqualTo("provider-C");
		assertThat(stalled.thresholdDays()).containsEntry("SOLICITED", 90L).containsEntry("CONTRACTED", 180L);
	}

	@Test
	void breaksDownByDistrictIndustryProviderAndCohort() {
		List<EnterpriseState> states = List.of(state("A", 0, 10, null, null), state("B", 40, null, null, null));

		FunnelAnalytics.Figures figures = FunnelAnalytics.compute(states, null, day(50), STALLED);

		assertThat(figures.breakdowns()).containsOnlyKeys("district", "industry", "provider", "cohort");
		assertThat(figures.breakdowns().get("district")).extracting(FunnelAnalytics.Group::key)
			.containsExactly("district-A", "district-B");
		assertThat(figures.breakdowns().get("cohort")).extracting(FunnelAnalytics.Group::key)
			.containsExactly("2024-01", "2024-02");
		assertThat(figures.breakdowns().get("provider")).singleElement()
			.satisfies((group) -> assertThat(group.funnel().reached("CONTRACTED")).isEqualTo(1));
	}

	@Test
	void anEmptyFunnelHasNoConversion() {
		FunnelAnalytics.Funnel funnel = FunnelAnalytics.compute(List.of(), null, day(0), STALLED).funnel();

		assertThat(funnel.conversion()).isEqualTo(new FunnelAnalytics.Conversion(null, null, null));
		assertThat(funnel.stages()).extracting(FunnelAnalytics.StageFigures::reached).containsExactly(0L, 0L, 0L);
	}

	@Test
	void theLiveCountersGiveTheSameFunnelAsTheEnterprises() {
		List<EnterpriseState> states = List.of(state("A", 0, 10, 40, null), state("B", 0, 20, null, 30),
				state("C", 0, null, null, null));

		assertThat(FunnelAnalytics.funnel(Map.of("SOLICITED", List.of(3L, 1L), "CONTRACTED", List.of(2L, 0L),
				"PRE_ACCEPTANCE", List.of(1L, 1L), "WITHDRAWN", List.of(1L, 1L))))
			.isEqualTo(FunnelAnalytics.compute(states, null, day(50), STALLED).funnel());
	}

	static EnterpriseState state(String uscc, Integer solicited, Integer contracted, Integer preAcceptance,
			Integer withdrawn) {
		return new EnterpriseState(uscc, "district-" + uscc, "industry",
				(contracted != null) ? "provider-" + uscc : null, day(solicited), day(contracted), day(preAcceptance),
				day(withdrawn));
	}

	static Instant day(Integer day) {
		return (day != null) ? DAY0.plus(Duration.ofDays(day)) : null;
	}

}
