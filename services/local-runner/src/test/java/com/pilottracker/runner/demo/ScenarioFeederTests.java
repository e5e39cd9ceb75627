package com.pilottracker.runner.demo;

import java.util.List;

import com.pilottracker.contracts.Programmes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioFeederTests {

	final List<DemoMilestone> demo = XiamenScenario.demo(XiamenScenario.DEFAULT_SEED);

	final List<List<DemoMilestone>> groups = ScenarioFeeder.postingOrder(this.demo);

	@Test
	void postsEveryMilestoneOnceInOneGroupPerProgrammeAndEnterprise() {
		assertThat(this.groups.stream().mapToInt(List::size).sum()).isEqualTo(this.demo.size());
		assertThat(this.groups).allSatisfy((group) -> assertThat(group)
			.extracting((milestone) -> milestone.programme() + " " + milestone.subject().value())
			.containsOnly(group.get(0).programme() + " " + group.get(0).subject().value()));
		assertThat(this.groups).extracting((group) -> group.get(0).programme() + " " + group.get(0).subject().value())
			.doesNotHaveDuplicates();
		assertThat(this.groups).filteredOn((group) -> group.get(0).programme().equals(Programmes.GRADIENT))
			.hasSize(2462 + 48);
	}

	@Test
	void postsThePilotOldestFirstAndTheGradientNewestFirst() {
		assertThat(this.groups).allSatisfy((group) -> {
			boolean gradient = group.get(0).programme().equals(Programmes.GRADIENT);
			for (int i = 1; i < group.size(); i++) {
				if (gradient) {
					assertThat(group.get(i).time()).isBefore(group.get(i - 1).time());
				}
				else {
					assertThat(group.get(i).time()).isAfter(group.get(i - 1).time());
				}
			}
			if (gradient) {
				assertThat(group.get(group.size() - 1).type().value()).isEqualTo("gradient.innovative");
			}
		});
	}

}
