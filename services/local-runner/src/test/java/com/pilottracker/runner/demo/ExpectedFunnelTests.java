package com.pilottracker.runner.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ExpectedFunnelTests {

	static final Programme GRADIENT = Programmes.gradient();

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YJ6N43" + Uscc.checkCharacterFor("91350203MA2YJ6N43"));

	static final Stage INNOVATIVE = GRADIENT.stage("INNOVATIVE").orElseThrow();

	static final Stage SPECIALISED = GRADIENT.stage("SPECIALISED").orElseThrow();

	static final Stage LAPSED = GRADIENT.stage("LAPSED").orElseThrow();

	static final Stage REVOKED = GRADIENT.stage("REVOKED").orElseThrow();

	/** 15 April 2022 10:00 in Xiamen: three years after the recognition below. */
	static final Instant LAPSE = Instant.parse("2022-04-15T02:00:00Z");

	@Test
	void lapsesARecognitionOnceTheHorizonReachesTheEndOfItsValidity() {
		List<DemoMilestone> history = List.of(innovative("2019-04-15T10:00:00+08:00"));

		ExpectedFunnel.Figures before = ExpectedFunnel.of(GRADIENT, history, LAPSE.minusSeconds(1)).now();
		ExpectedFunnel.Figures at = ExpectedFunnel.of(GRADIENT, history, LAPSE).now();

		assertThat(before.current(INNOVATIVE)).isEqualTo(1);
		assertThat(before.current(LAPSED)).isZero();
		assertThat(at.current(INNOVATIVE)).isZero();
		assertThat(at.current(LAPSED)).isEqualTo(1);
		assertThat(at.reached(INNOVATIVE)).isEqualTo(1);
	}

	@Test
	void keepsARecognitionReReviewedBeforeItLapsesValidThreeYearsFromTheReReview() {
		List<DemoMilestone> history = List.of(innovative("2019-04-15T10:00:00+08:00"),
				office("gradient.re-reviewed", "2022-03-20T10:00:00+08:00"));

		ExpectedFunnel funnel = ExpectedFunnel.of(GRADIENT, history, Instant.parse("2025-03-20T01:59:59Z"));

		assertThat(funnel.now().current(INNOVATIVE)).isEqualTo(1);
		assertThat(funnel.lapseWithin(Instant.parse("2025-03-20T01:00:00Z"), Instant.parse("2025-03-20T03:00:00Z")))
			.contains(Instant.parse("2025-03-20T02:00:00Z"));
		assertThat(funnel.lapseWithin(LAPSE.minusSeconds(60), LAPSE.plusSeconds(60))).isEmpty();
	}

	@Test
	void restartsTheValidityAtEachStageReached() {
		List<DemoMilestone> history = List.of(innovative("2019-04-15T10:00:00+08:00"),
				office("gradient.specialised", "2021-06-20T10:00:00+08:00"));

		ExpectedFunnel.Figures figures = ExpectedFunnel.of(GRADIENT, history, LAPSE.plusSeconds(86_400)).now();

		assertThat(figures.current(SPECIALISED)).isEqualTo(1);
		assertThat(figures.reached(INNOVATIVE)).isEqualTo(1);
		assertThat(figures.current(INNOVATIVE)).isZero();
	}

	@Test
	void movesARevokedEnterpriseToTheExitWhichLowersCurrentNotReached() {
		List<DemoMilestone> history = List.of(innovative("2023-04-15T10:00:00+08:00"),
				office("gradient.specialised", "2024-06-20T10:00:00+08:00"),
				office("gradient.revoked", "2025-01-07T15:00:00+08:00"));

		ExpectedFunnel funnel = ExpectedFunnel.of(GRADIENT, history, Instant.parse("2026-12-01T00:00:00Z"));

		assertThat(funnel.now().current(REVOKED)).isEqualTo(1);
		assertThat(funnel.now().current(SPECIALISED)).isZero();
		assertThat(funnel.now().reached(SPECIALISED)).isEqualTo(1);
		assertThat(funnel.asOf(LocalDate.of(2025, 1, 6), Map.of()).current(SPECIALISED)).isEqualTo(1);
		assertThat(funnel.asOf(LocalDate.of(2024, 6, 19), Map.of()).reached(SPECIALISED)).isZero();
		assertThat(funnel.lapseWithin(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))).isEmpty();
	}

	@Test
	void readsAnAsOfDateAsItsEndInChinaStandardTime() {
		List<DemoMilestone> history = List.of(innovative("2025-07-18T23:59:00+08:00"));

		ExpectedFunnel funnel = ExpectedFunnel.of(GRADIENT, history, Instant.parse("2026-01-01T00:00:00Z"));

		assertThat(funnel.asOf(LocalDate.of(2025, 7, 18), Map.of()).reached(INNOVATIVE)).isEqualTo(1);
		assertThat(funnel.asOf(LocalDate.of(2025, 7, 17), Map.of()).reached(INNOVATIVE)).isZero();
	}

	@Test
	void filtersByTheAttributesTheEnteringMilestoneCarries() {
		ExpectedFunnel funnel = ExpectedFunnel.of(GRADIENT, List.of(innovative("2025-04-15T10:00:00+08:00")),
				Instant.parse("2026-01-01T00:00:00Z"));

		assertThat(funnel.now(Map.of("highTech", "true")).reached(INNOVATIVE)).isEqualTo(1);
		assertThat(funnel.now(Map.of("highTech", "false")).reached(INNOVATIVE)).isZero();
		assertThat(funnel.now(Map.of("district", "思明区", "highTech", "true")).reached(INNOVATIVE)).isEqualTo(1);
		assertThat(funnel.now(Map.of("district", "湖里区")).reached(INNOVATIVE)).isZero();
	}

	@Test
	void refusesAHistoryThatSkipsATier() {
		List<DemoMilestone> history = List.of(innovative("2023-04-15T10:00:00+08:00"),
				office("gradient.little-giant", "2024-07-10T10:00:00+08:00"));

		assertThatIllegalStateException()
			.isThrownBy(() -> ExpectedFunnel.of(GRADIENT, history, Instant.parse("2026-01-01T00:00:00Z")))
			.withMessageContaining("gradient.little-giant");
	}

	@Test
	void refusesAReReviewAfterTheRecognitionLapsed() {
		List<DemoMilestone> history = List.of(innovative("2019-04-15T10:00:00+08:00"),
				office("gradient.re-reviewed", "2022-05-20T10:00:00+08:00"));

		assertThatIllegalStateException()
			.isThrownBy(() -> ExpectedFunnel.of(GRADIENT, history, Instant.parse("2026-01-01T00:00:00Z")))
			.withMessageContaining("renewal from LAPSED");
	}

	@Test
	void countsOnlyTheProgrammesOwnMilestones() {
		List<DemoMilestone> demo = XiamenScenario.demo(XiamenScenario.DEFAULT_SEED);

		ExpectedFunnel.Figures pilot = ExpectedFunnel.of(Programmes.pilot(), demo, Instant.now()).now();

		assertThat(pilot.reached()).containsOnlyKeys(Programmes.pilot().allStages());
		assertThat(pilot.reached(Programmes.pilot().funnelStages().get(0))).isEqualTo(XiamenScenario.SOLICITED);
	}

	private static DemoMilestone innovative(String time) {
		return new DemoMilestone("t-innovative", OfficeApi.OFFICE_SOURCE, new MilestoneType("gradient.innovative"),
				ENTERPRISE, OffsetDateTime.parse(time),
				Map.of("district", "思明区", "industry", "电子信息", "enterpriseName", "厦门测试科技有限公司"),
				Map.of("highTech", "true"));
	}

	private static DemoMilestone office(String type, String time) {
		return new DemoMilestone("t-" + type, OfficeApi.OFFICE_SOURCE, new MilestoneType(type), ENTERPRISE,
				OffsetDateTime.parse(time), Map.of());
	}

}
