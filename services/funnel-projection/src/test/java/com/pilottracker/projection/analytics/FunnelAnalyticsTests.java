package com.pilottracker.projection.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.projection.funnel.Counts;
import com.pilottracker.projection.funnel.EnterpriseProgress;
import com.pilottracker.projection.funnel.Funnel;
import com.pilottracker.testsupport.PilotStages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FunnelAnalyticsTests {

	static final Instant DAY0 = Instant.parse("2024-01-01T02:00:00Z");

	static final Programme PILOT = Programmes.pilot();

	@Test
	void countsReachedCurrentDropOffWithdrawnAndConversion() {
		List<EnterpriseProgress> states = List.of(state("A", 0, 10, 40, null), state("B", 0, 20, null, null),
				state("C", 0, null, null, 5), state("D", 0, 30, null, 50), state("E", 0, null, null, null));

		FunnelAnalytics.FunnelFigures funnel = FunnelAnalytics.compute(PILOT, states, null, day(400)).funnel();

		assertThat(funnel.stages()).containsExactly(new FunnelAnalytics.StageFigures("SOLICITED", 5, 1, 2L),
				new FunnelAnalytics.StageFigures("CONTRACTED", 3, 1, 2L),
				new FunnelAnalytics.StageFigures("PRE_ACCEPTANCE", 1, 1, null));
		assertThat(funnel.withdrawn()).isEqualTo(2);
		assertThat(funnel.conversion()).containsExactly(Map.entry("solicitedToContracted", 0.6),
				Map.entry("contractedToPreAcceptance", 0.3333), Map.entry("endToEnd", 0.2));
	}

	@Test
	void asOfADateCountsOnlyStepsOnOrBeforeItInChinaTime() {
		// contracted at 2024-01-11 10:00 China time, pre-acceptance 2024-02-10
		List<EnterpriseProgress> states = List.of(state("A", 0, 10, 40, null), state("B", 12, null, null, null));

		Instant cutoff = Analytics.cutoff(LocalDate.of(2024, 1, 11));
		FunnelAnalytics.FunnelFigures funnel = FunnelAnalytics.compute(PILOT, states, cutoff, cutoff).funnel();

		assertThat(funnel.stages()).extracting(FunnelAnalytics.StageFigures::reached).containsExactly(1L, 1L, 0L);
		assertThat(funnel.stages()).extracting(FunnelAnalytics.StageFigures::current).containsExactly(0L, 1L, 0L);
		assertThat(FunnelAnalytics.compute(PILOT, states, Analytics.cutoff(LocalDate.of(2024, 1, 10)), cutoff)
			.funnel()
			.reached("CONTRACTED")).isZero();
	}

	@Test
	void aContractAfterTheDateDoesNotPutTheEnterpriseInItsProvidersBreakdown() {
		List<EnterpriseProgress> states = List.of(state("A", 0, 10, null, null));

		FunnelAnalytics.Figures figures = FunnelAnalytics.compute(PILOT, states,
				Analytics.cutoff(LocalDate.of(2024, 1, 5)), day(5));

		assertThat(figures.breakdowns().get("provider")).isEmpty();
		assertThat(figures.breakdowns().get("cohort")).extracting(FunnelAnalytics.Group::key)
			.containsExactly("2024-01");
	}

	@Test
	void timeInStageHasMedianAndPercentilesByLinearInterpolation() {
		List<EnterpriseProgress> states = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			states.add(state("E" + i, 0, i * 10, null, null));
		}

		FunnelAnalytics.Span span = FunnelAnalytics.compute(PILOT, states, null, day(400))
			.timeInStage()
			.get("solicitedToContracted");

		assertThat(span.count()).isEqualTo(10);
		assertThat(span.medianDays()).isEqualTo(55.0);
		assertThat(span.p75Days()).isEqualTo(77.5);
		assertThat(span.p90Days()).isEqualTo(91.0);
		assertThat(
				FunnelAnalytics.compute(PILOT, states, null, day(400)).timeInStage().get("contractedToPreAcceptance"))
			.isEqualTo(new FunnelAnalytics.Span(0, null, null, null));
	}

	@Test
	void listsPilotsInAnOpenStageLongerThanItsThresholdLongestWaitingFirst() {
		List<EnterpriseProgress> states = List.of(state("A", 0, null, null, null), state("B", 160, null, null, null),
				state("C", 0, 50, null, null), state("D", 0, 300, null, null), state("E", 0, 10, 20, null),
				state("F", 0, null, null, 10));

		FunnelAnalytics.Stalled stalled = FunnelAnalytics.compute(PILOT, states, null, day(240)).stalled();

		assertThat(stalled.total()).isEqualTo(2);
		assertThat(stalled.pilots()).extracting(FunnelAnalytics.StalledEnterprise::uscc)
			.containsExactly(uscc("A"), uscc("C"));
		assertThat(stalled.pilots().get(0).daysWaiting()).isCloseTo(240.0, within(0.01));
		assertThat(stalled.pilots().get(1).provider()).isEqualTo("provider-C");
		assertThat(stalled.thresholdDays()).containsEntry("SOLICITED", 90L).containsEntry("CONTRACTED", 180L);
	}

	@Test
	void breaksDownByDistrictIndustryProviderAndCohort() {
		List<EnterpriseProgress> states = List.of(state("A", 0, 10, null, null), state("B", 40, null, null, null));

		FunnelAnalytics.Figures figures = FunnelAnalytics.compute(PILOT, states, null, day(50));

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
		FunnelAnalytics.FunnelFigures funnel = FunnelAnalytics.compute(PILOT, List.of(), null, day(0)).funnel();

		assertThat(funnel.conversion())
			.containsOnlyKeys("solicitedToContracted", "contractedToPreAcceptance", "endToEnd")
			.allSatisfy((pair, ratio) -> assertThat(ratio).isNull());
		assertThat(funnel.stages()).extracting(FunnelAnalytics.StageFigures::reached).containsExactly(0L, 0L, 0L);
	}

	@Test
	void theLiveCountersGiveTheSameFunnelAsTheEnterprises() {
		List<EnterpriseProgress> states = List.of(state("A", 0, 10, 40, null), state("B", 0, 20, null, 30),
				state("C", 0, null, null, null));

		assertThat(FunnelAnalytics.FunnelFigures.of(PILOT, Funnel.of(PILOT,
				Map.of(PilotStages.SOLICITED, new Counts(3, 1), PilotStages.CONTRACTED, new Counts(2, 0),
						PilotStages.PRE_ACCEPTANCE, new Counts(1, 1), PilotStages.WITHDRAWN, new Counts(1, 1)))))
			.isEqualTo(FunnelAnalytics.compute(PILOT, states, null, day(50)).funnel());
	}

	/**
	 * A pilot enterprise that took the steps on the days given ({@code null}: not taken),
	 * in the stage it would be in (withdrawn if it withdrew, else the furthest).
	 */
	static EnterpriseProgress state(String letter, Integer solicited, Integer contracted, Integer preAcceptance,
			Integer withdrawn) {
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
		put(reachedAt, PilotStages.SOLICITED, solicited);
		put(reachedAt, PilotStages.CONTRACTED, contracted);
		put(reachedAt, PilotStages.PRE_ACCEPTANCE, preAcceptance);
		put(reachedAt, PilotStages.WITHDRAWN, withdrawn);
		Stage stage = (withdrawn != null) ? PilotStages.WITHDRAWN : (preAcceptance != null) ? PilotStages.PRE_ACCEPTANCE
				: (contracted != null) ? PilotStages.CONTRACTED : PilotStages.SOLICITED;
		return new EnterpriseProgress("pilot", new Uscc(uscc(letter)), 1, stage, reachedAt.get(stage),
				"district-" + letter, "industry", (contracted != null) ? "provider-" + letter : null, Map.of(),
				reachedAt);
	}

	private static void put(Map<Stage, Instant> reachedAt, Stage stage, Integer day) {
		if (day != null) {
			reachedAt.put(stage, day(day));
		}
	}

	/** The USCC standing for a letter (or a few): the same letters, the same USCC. */
	static String uscc(String letters) {
		String digits = String.format("%09d", Math.abs(letters.hashCode()) % 1_000_000_000);
		String first17 = "91350206" + digits;
		return first17 + Uscc.checkCharacterFor(first17);
	}

	static Instant day(Integer day) {
		return (day != null) ? DAY0.plus(Duration.ofDays(day)) : null;
	}

}
