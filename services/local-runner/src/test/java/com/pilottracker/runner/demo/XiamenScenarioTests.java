package com.pilottracker.runner.demo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.PilotMilestones;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XiamenScenarioTests {

	final List<DemoMilestone> scenario = XiamenScenario.generate(XiamenScenario.DEFAULT_SEED);

	@Test
	void producesTheLettersFunnelWithSomeWithdrawals() {
		Map<MilestoneType, Long> counts = this.scenario.stream()
			.collect(Collectors.groupingBy(DemoMilestone::type, () -> new EnumMap<>(MilestoneType.class),
					Collectors.counting()));

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
	}

	@Test
	void givesEveryEnterpriseAValidUsccFromItsDistrict() {
		List<DemoMilestone> solicited = this.scenario.stream()
			.filter((milestone) -> milestone.type() == PilotMilestones.SOLICITED)
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
			if (milestone.type() == PilotMilestones.CONTRACTED) {
				provider.put(milestone.subject(), milestone.data().get("provider"));
				assertThat(milestone.source()).isEqualTo("/providers/" + milestone.data().get("provider"));
			}
			if (milestone.type() == PilotMilestones.PRE_ACCEPTANCE) {
				assertThat(milestone.source()).isEqualTo("/providers/" + provider.get(milestone.subject()));
			}
		}
	}

}
