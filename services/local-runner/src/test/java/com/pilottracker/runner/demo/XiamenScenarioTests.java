package com.pilottracker.runner.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XiamenScenarioTests {

	static final Programme GRADIENT = Programmes.gradient();

	static final Stage INNOVATIVE = GRADIENT.stage("INNOVATIVE").orElseThrow();

	static final Stage SPECIALISED = GRADIENT.stage("SPECIALISED").orElseThrow();

	static final Stage LITTLE_GIANT = GRADIENT.stage("LITTLE_GIANT").orElseThrow();

	static final Stage LAPSED = GRADIENT.stage("LAPSED").orElseThrow();

	static final Stage REVOKED = GRADIENT.stage("REVOKED").orElseThrow();

	static final MilestoneType RE_REVIEWED = new MilestoneType("gradient.re-reviewed");

	static final MilestoneType REVOCATION = new MilestoneType("gradient.revoked");

	/**
	 * A log clock after the last recognition that lapses unrenewed (July 2026) and before
	 * the first one the scenario leaves to lapse later (March 2027): the figures are the
	 * same for any in between.
	 */
	static final Instant SETTLED = Instant.parse("2026-12-01T00:00:00Z");

	final List<DemoMilestone> scenario = XiamenScenario.generate(XiamenScenario.DEFAULT_SEED);

	final List<DemoMilestone> gradient = GradientScenario.generate(XiamenScenario.DEFAULT_SEED);

	@Test
	void producesTheLettersFunnelWithSomeWithdrawals() {
		Map<MilestoneType, Long> counts = this.scenario.stream()
			.collect(Collectors.groupingBy(DemoMilestone::type, Collectors.counting()));

		assertThat(counts).containsOnlyKeys(PilotMilestones.SOLICITED, PilotMilestones.CONTRACTED,
				PilotMilestones.PRE_ACCEPTANCE, PilotMilestones.WITHDRAWN);
		assertThat(counts).containsEntry(PilotMilestones.SOLICITED, 942L)
			.containsEntry(PilotMilestones.CONTRACTED, 566L)
			.containsEntry(PilotMilestones.PRE_ACCEPTANCE, 302L)
			.containsEntry(PilotMilestones.WITHDRAWN,
					(long) (XiamenScenario.WITHDRAWN_SOLICITED + XiamenScenario.WITHDRAWN_CONTRACTED));
	}

	@Test
	void isTheSameForTheSameSeed() {
		assertThat(XiamenScenario.generate(XiamenScenario.DEFAULT_SEED)).isEqualTo(this.scenario);
		assertThat(XiamenScenario.generate(7)).isNotEqualTo(this.scenario);
		assertThat(GradientScenario.generate(XiamenScenario.DEFAULT_SEED)).isEqualTo(this.gradient);
		assertThat(GradientScenario.generate(7)).isNotEqualTo(this.gradient);
	}

	@Test
	void givesEveryEnterpriseAValidUsccFromItsDistrict() {
		List<DemoMilestone> solicited = this.scenario.stream()
			.filter((milestone) -> milestone.type().equals(PilotMilestones.SOLICITED))
			.toList();

		assertThat(solicited).extracting(DemoMilestone::subject)
			.doesNotHaveDuplicates()
			.allMatch(Uscc::hasValidCheckCharacter);
		assertThat(solicited).allSatisfy((milestone) -> assertThat(milestone.subject().divisionCode())
			.isEqualTo(XiamenScenario.DISTRICTS.get(milestone.data().get("district"))));
		assertThat(solicited.stream().map((milestone) -> milestone.data().get("district")).collect(Collectors.toSet()))
			.containsExactlyInAnyOrderElementsOf(XiamenScenario.DISTRICTS.keySet());
		assertThat(solicited.stream().map((milestone) -> milestone.data().get("industry")).collect(Collectors.toSet()))
			.hasSizeGreaterThanOrEqualTo(6);
	}

	@Test
	void ordersEachEnterprisesStepsInTimeWithin2024And2025() {
		Map<Uscc, OffsetDateTime> last = new HashMap<>();
		Set<String> ids = new HashSet<>();
		for (DemoMilestone milestone : this.scenario) {
			OffsetDateTime previous = last.put(milestone.subject(), milestone.time());
			if (previous != null) {
				assertThat(milestone.time()).isAfter(previous);
			}
			assertThat(ids.add(milestone.source() + milestone.id())).isTrue();
			LocalDate day = milestone.time().toLocalDate();
			assertThat(day).isBetween(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 30));
		}
	}

	@Test
	void namesTheContractedProviderAsTheSourceOfItsLaterMilestones() {
		Map<Uscc, String> provider = new HashMap<>();
		for (DemoMilestone milestone : this.scenario) {
			if (milestone.type().equals(PilotMilestones.CONTRACTED)) {
				provider.put(milestone.subject(), milestone.data().get("provider"));
				assertThat(milestone.source()).isEqualTo("/providers/" + milestone.data().get("provider"));
			}
			if (milestone.type().equals(PilotMilestones.PRE_ACCEPTANCE)) {
				assertThat(milestone.source()).isEqualTo("/providers/" + provider.get(milestone.subject()));
			}
		}
	}

	@Test
	void keepsThePilotsIdsOfTheReleaseBeforeProgrammes() {
		DemoMilestone preAcceptance = this.scenario.stream()
			.filter((milestone) -> milestone.type().equals(PilotMilestones.PRE_ACCEPTANCE))
			.findFirst()
			.orElseThrow();

		assertThat(preAcceptance.id()).isEqualTo("demo-pre-acceptance-" + preAcceptance.subject().value());
	}

	@Test
	void producesThePilotsExpectedFunnelByTheProgrammesRules() {
		ExpectedFunnel.Figures figures = ExpectedFunnel.of(Programmes.pilot(), this.scenario, SETTLED).now();

		XiamenScenario.expectedFunnel().forEach((stage, counts) -> {
			assertThat(figures.reached(stage)).as("%s reached", stage).isEqualTo(counts[0]);
			assertThat(figures.current(stage)).as("%s current", stage).isEqualTo(counts[1]);
		});
		assertThat(XiamenScenario.expectedFunnel()).containsOnlyKeys(PilotStages.SOLICITED, PilotStages.CONTRACTED,
				PilotStages.PRE_ACCEPTANCE, PilotStages.WITHDRAWN);
	}

	@Test
	void feedsBothProgrammes() {
		List<DemoMilestone> demo = XiamenScenario.demo(XiamenScenario.DEFAULT_SEED);

		assertThat(demo).hasSize(this.scenario.size() + this.gradient.size());
		assertThat(demo.stream().map(DemoMilestone::programme).collect(Collectors.toSet()))
			.containsExactlyInAnyOrder(Programmes.PILOT, Programmes.GRADIENT);
		assertThat(this.gradient).allSatisfy((milestone) -> {
			assertThat(milestone.programme()).isEqualTo(Programmes.GRADIENT);
			assertThat(milestone.source()).isEqualTo(OfficeApi.OFFICE_SOURCE);
			assertThat(GRADIENT.step(milestone.type())).isPresent();
		});
		assertThat(demo.stream().map((milestone) -> milestone.source() + " " + milestone.id())).doesNotHaveDuplicates();
	}

	@Test
	void recognisesTheLettersGradientAsOf18July2025() {
		ExpectedFunnel funnel = ExpectedFunnel.of(GRADIENT, this.gradient, SETTLED);

		ExpectedFunnel.Figures all = funnel.asOf(GradientScenario.AS_OF, Map.of());
		ExpectedFunnel.Figures highTech = funnel.asOf(GradientScenario.AS_OF, Map.of("highTech", "true"));

		assertThat(reached(all)).containsExactly(2462L, 2080L, 183L);
		assertThat(reached(highTech)).containsExactly(2095L, 1729L, 173L);
		assertThat(List.of(GradientScenario.INNOVATIVE, GradientScenario.SPECIALISED, GradientScenario.LITTLE_GIANT,
				GradientScenario.INNOVATIVE_HIGH_TECH, GradientScenario.SPECIALISED_HIGH_TECH,
				GradientScenario.LITTLE_GIANT_HIGH_TECH))
			.containsExactly(2462, 2080, 183, 2095, 1729, 173);
	}

	@Test
	void recognisesMoreAfterTheLetterSoTodaysFiguresDifferFromThoseAsOfIt() {
		ExpectedFunnel funnel = ExpectedFunnel.of(GRADIENT, this.gradient, SETTLED);

		assertThat(reached(funnel.now())).containsExactly(2462L + 48, 2080L + 26, 183L);
		assertThat(reached(funnel.now(Map.of("highTech", "true")))).first().isEqualTo(2095L + 39);
		assertThat(this.gradient)
			.filteredOn((milestone) -> milestone.time().toLocalDate().isAfter(GradientScenario.AS_OF)
					&& GRADIENT.rank(stageReachedBy(milestone)) >= 0)
			.hasSize(GradientScenario.INNOVATIVE_AFTER + GradientScenario.SPECIALISED_AFTER);
	}

	@Test
	void lapsesTheRecognitionsNotReReviewedAndRevokesSome() {
		ExpectedFunnel funnel = ExpectedFunnel.of(GRADIENT, this.gradient, SETTLED);

		ExpectedFunnel.Figures now = funnel.now();
		ExpectedFunnel.Figures asOfLetter = funnel.asOf(GradientScenario.AS_OF, Map.of());

		assertThat(now.current(LAPSED)).isEqualTo(GradientScenario.LAPSED).isEqualTo(64);
		assertThat(now.current(REVOKED)).isEqualTo(GradientScenario.REVOKED).isEqualTo(23);
		assertThat(asOfLetter.current(LAPSED)).isEqualTo(38);
		assertThat(asOfLetter.current(REVOKED)).isEqualTo(2);
		assertThat(current(now)).containsExactly(398L, 1851L, 174L);
		assertThat(current(funnel.now(Map.of("highTech", "true")))).containsExactly(377L, 1520L, 165L);
		assertThat(now.current(LAPSED) + now.current(REVOKED) + current(now).stream().mapToLong(Long::longValue).sum())
			.as("every enterprise is in one stage")
			.isEqualTo(now.reached(INNOVATIVE));
		assertThat(this.gradient).filteredOn((milestone) -> milestone.type().equals(REVOCATION)).hasSize(23);
	}

	@Test
	void lowersCurrentButNeverReachedWhenRecognitionsLapseAsTheLogsClockAdvances() {
		ExpectedFunnel settled = ExpectedFunnel.of(GRADIENT, this.gradient, SETTLED);
		ExpectedFunnel later = ExpectedFunnel.of(GRADIENT, this.gradient, Instant.parse("2027-06-01T00:00:00Z"));

		// the last recognitions that lapse unrenewed are the little giants of July 2023;
		// the first the scenario leaves to lapse later were re-reviewed in March 2024
		assertThat(settled.lapseWithin(Instant.parse("2026-07-10T02:00:00Z"), Instant.parse("2027-03-18T01:59:59Z")))
			.isEmpty();
		assertThat(settled.lapseWithin(SETTLED, Instant.parse("2027-06-01T00:00:00Z"))).isPresent();
		assertThat(reached(later.now())).isEqualTo(reached(settled.now()));
		assertThat(later.now().current(LAPSED)).isGreaterThan(settled.now().current(LAPSED));
		assertThat(later.now().current(INNOVATIVE)).isLessThan(settled.now().current(INNOVATIVE));
	}

	@Test
	void reReviewsMostRecognitionsOlderThanThreeYears() {
		Map<Uscc, List<DemoMilestone>> byEnterprise = byEnterprise(this.gradient);
		long older = 0;
		long reReviewed = 0;
		for (List<DemoMilestone> history : byEnterprise.values()) {
			DemoMilestone lastRecognition = history.stream()
				.filter((milestone) -> GRADIENT.rank(stageReachedBy(milestone)) >= 0)
				.reduce((first, second) -> second)
				.orElseThrow();
			if (lastRecognition.time().toLocalDate().isBefore(LocalDate.of(2023, 7, 18))) {
				older++;
				reReviewed += history.stream().anyMatch((milestone) -> milestone.type().equals(RE_REVIEWED)) ? 1 : 0;
			}
		}

		assertThat(older).isGreaterThan(1000);
		assertThat((double) reReviewed / older).isGreaterThan(0.95);
	}

	@Test
	void keepsReachedCumulative() {
		ExpectedFunnel funnel = ExpectedFunnel.of(GRADIENT, this.gradient, SETTLED);

		for (ExpectedFunnel.Figures figures : List.of(funnel.now(), funnel.now(Map.of("highTech", "true")),
				funnel.now(Map.of("highTech", "false")), funnel.asOf(GradientScenario.AS_OF, Map.of()),
				funnel.asOf(LocalDate.of(2021, 12, 31), Map.of()),
				funnel.asOf(GradientScenario.AS_OF, Map.of("district", "湖里区", "highTech", "true")))) {
			assertThat(reached(figures)).isSortedAccordingTo((a, b) -> Long.compare(b, a));
			assertThat(figures.reached(INNOVATIVE)).isGreaterThanOrEqualTo(
					figures.current(INNOVATIVE) + figures.current(SPECIALISED) + figures.current(LITTLE_GIANT));
		}
		assertThat(reached(funnel.asOf(LocalDate.of(2021, 12, 31), Map.of())))
			.allSatisfy((count) -> assertThat(count).isPositive());
	}

	@Test
	void letsNoEnterpriseSkipATier() {
		for (List<DemoMilestone> history : byEnterprise(this.gradient).values()) {
			List<Stage> reached = history.stream()
				.map(XiamenScenarioTests::stageReachedBy)
				.filter((stage) -> GRADIENT.rank(stage) >= 0)
				.toList();

			assertThat(reached).as("the tiers of %s in time order", history.get(0).subject())
				.isEqualTo(GRADIENT.funnelStages().subList(0, reached.size()));
			assertThat(history.get(0).type()).isEqualTo(GradientScenario.milestoneOf(INNOVATIVE));
			assertThat(history.get(0).attributes()).containsOnlyKeys("highTech");
			assertThat(history.get(0).data()).containsKeys("district", "industry", "enterpriseName");
		}
	}

	@Test
	void recognisesInYearlyBatchesTheLittleGiantsInTheMinistrysOwn() {
		Map<Stage, Set<LocalDate>> days = new LinkedHashMap<>();
		for (DemoMilestone milestone : this.gradient) {
			Stage stage = stageReachedBy(milestone);
			if (GRADIENT.rank(stage) >= 0) {
				days.computeIfAbsent(stage, (key) -> new java.util.TreeSet<>()).add(milestone.time().toLocalDate());
			}
		}

		assertThat(days.get(LITTLE_GIANT)).extracting(MonthDay::from).containsOnly(MonthDay.of(7, 10));
		assertThat(days.get(LITTLE_GIANT)).extracting(LocalDate::getYear)
			.containsExactly(2019, 2020, 2021, 2022, 2023, 2024, 2025);
		assertThat(days.get(INNOVATIVE)).extracting(MonthDay::from)
			.containsOnly(MonthDay.of(4, 15), MonthDay.of(10, 15));
		assertThat(days.get(SPECIALISED)).extracting(MonthDay::from)
			.containsOnly(MonthDay.of(6, 20), MonthDay.of(11, 20));
		assertThat(days.get(INNOVATIVE)).hasSize(8);
		assertThat(this.gradient).filteredOn((milestone) -> milestone.type().equals(RE_REVIEWED))
			.allSatisfy((milestone) -> assertThat(milestone.time())
				.isEqualTo(GradientScenario.reReviewSession(milestone.time().getYear())));
	}

	@Test
	void givesTheGradientValidDistinctUsccsSharingSomeWithThePilot() {
		List<DemoMilestone> entering = this.gradient.stream()
			.filter((milestone) -> milestone.type().equals(GradientScenario.milestoneOf(INNOVATIVE)))
			.toList();
		Map<Uscc, DemoMilestone> solicited = this.scenario.stream()
			.filter((milestone) -> milestone.type().equals(PilotMilestones.SOLICITED))
			.collect(Collectors.toMap(DemoMilestone::subject, (milestone) -> milestone));

		assertThat(entering).hasSize(2462 + 48);
		assertThat(entering).extracting(DemoMilestone::subject)
			.doesNotHaveDuplicates()
			.allMatch(Uscc::hasValidCheckCharacter);
		assertThat(entering).allSatisfy((milestone) -> assertThat(milestone.subject().divisionCode())
			.isEqualTo(XiamenScenario.DISTRICTS.get(milestone.data().get("district"))));
		List<DemoMilestone> shared = entering.stream()
			.filter((milestone) -> solicited.containsKey(milestone.subject()))
			.toList();
		assertThat(shared).hasSize(GradientScenario.SHARED_WITH_PILOT).allSatisfy((milestone) -> {
			DemoMilestone pilot = solicited.get(milestone.subject());
			assertThat(milestone.data()).containsEntry("district", pilot.data().get("district"))
				.containsEntry("industry", pilot.data().get("industry"))
				.containsEntry("enterpriseName", pilot.data().get("enterpriseName"));
		});
		assertThat(entering.stream().map((milestone) -> milestone.data().get("district")).collect(Collectors.toSet()))
			.containsExactlyInAnyOrderElementsOf(XiamenScenario.DISTRICTS.keySet());
		assertThat(entering.stream().map((milestone) -> milestone.data().get("industry")).collect(Collectors.toSet()))
			.containsExactlyInAnyOrderElementsOf(XiamenScenario.INDUSTRIES);
	}

	@Test
	void datesEveryGradientMilestoneBetweenTheProgrammeStartAndTheLastSession() {
		OffsetDateTime start = OffsetDateTime.parse(XiamenScenario.PROGRAMME_START);

		assertThat(this.gradient).allSatisfy((milestone) -> assertThat(milestone.time()).isAfter(start)
			.isBefore(OffsetDateTime.parse("2026-11-16T00:00:00+08:00")));
		assertThat(this.gradient).extracting(DemoMilestone::time)
			.isSortedAccordingTo((a, b) -> a.toInstant().compareTo(b.toInstant()));
	}

	@Test
	void sendsTheHighTechAttributeInTheCloudEventsData() {
		DemoMilestone entering = this.gradient.get(0);

		Map<String, Object> data = dataOf(entering.cloudEvent());

		assertThat(entering.cloudEvent()).containsEntry("type", "gradient.innovative");
		assertThat(data).containsKeys("district", "industry", "enterpriseName")
			.containsEntry("attributes", Map.of("highTech", entering.attributes().get("highTech")));
		assertThat(entering.attributes().get("highTech")).isIn("true", "false");
		assertThat(dataOf(this.scenario.get(0).cloudEvent())).doesNotContainKey("attributes");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> dataOf(Map<String, Object> cloudEvent) {
		return (Map<String, Object>) cloudEvent.get("data");
	}

	private static Map<Uscc, List<DemoMilestone>> byEnterprise(List<DemoMilestone> milestones) {
		Map<Uscc, List<DemoMilestone>> byEnterprise = new LinkedHashMap<>();
		for (DemoMilestone milestone : milestones) {
			byEnterprise.computeIfAbsent(milestone.subject(), (key) -> new ArrayList<>()).add(milestone);
		}
		return byEnterprise;
	}

	/** The stage the milestone reaches, or an exit; the renewal reaches none (LAPSED). */
	private static Stage stageReachedBy(DemoMilestone milestone) {
		Programme.Step step = GRADIENT.step(milestone.type()).orElseThrow();
		if (step instanceof Programme.Step.Reach reach) {
			return reach.definition().stage();
		}
		if (step instanceof Programme.Step.Leave leave) {
			return leave.definition().stage();
		}
		return LAPSED;
	}

	private static List<Long> reached(ExpectedFunnel.Figures figures) {
		return GRADIENT.funnelStages().stream().map(figures::reached).toList();
	}

	private static List<Long> current(ExpectedFunnel.Figures figures) {
		return GRADIENT.funnelStages().stream().map(figures::current).toList();
	}

}
