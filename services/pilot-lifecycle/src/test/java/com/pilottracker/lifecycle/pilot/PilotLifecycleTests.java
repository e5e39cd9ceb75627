package com.pilottracker.lifecycle.pilot;

import java.time.Instant;
import java.util.Optional;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Uscc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PilotLifecycleTests {

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final Instant NOW = Instant.parse("2025-07-18T00:00:00Z");

	@Test
	void startsAPilotAtVersionOneWithItsDistrictAndIndustry() {
		Milestone solicited = milestone("m-1", MilestoneType.SOLICITED, new MilestoneData("思明区", "电子信息", null, null));

		Outcome outcome = PilotLifecycle.apply(Optional.empty(), solicited, NOW);

		StageChanged change = ((Outcome.Applied) outcome).change();
		assertThat(change.from()).isNull();
		assertThat(change.to()).isEqualTo(Stage.SOLICITED);
		assertThat(change.version()).isEqualTo(1);
		assertThat(change.district()).isEqualTo("思明区");
		assertThat(change.industry()).isEqualTo("电子信息");
		assertThat(change.occurredAt()).isEqualTo(solicited.time());
		assertThat(change.recordedAt()).isEqualTo(NOW);
	}

	@Test
	void keepsTheSolicitedDistrictAndTakesTheContractedProvider() {
		Pilot solicited = new Pilot(ENTERPRISE, Stage.SOLICITED, 1, "思明区", "电子信息", null);
		Milestone contracted = milestone("m-2", MilestoneType.CONTRACTED,
				new MilestoneData("湖里区", null, "CEPREI", null));

		Outcome.Applied applied = (Outcome.Applied) PilotLifecycle.apply(Optional.of(solicited), contracted, NOW);

		assertThat(applied.pilot()).isEqualTo(new Pilot(ENTERPRISE, Stage.CONTRACTED, 2, "思明区", "电子信息", "CEPREI"));
		assertThat(applied.change().from()).isEqualTo(Stage.SOLICITED);
		assertThat(applied.change().provider()).isEqualTo("CEPREI");
	}

	@Test
	void givesTheSameMilestoneTheSameEventId() {
		Milestone solicited = milestone("m-1", MilestoneType.SOLICITED, new MilestoneData("思明区", "电子信息", null, null));

		StageChanged first = ((Outcome.Applied) PilotLifecycle.apply(Optional.empty(), solicited, NOW)).change();
		StageChanged again = ((Outcome.Applied) PilotLifecycle.apply(Optional.empty(), solicited, NOW.plusSeconds(60)))
			.change();

		assertThat(again.eventId()).isEqualTo(first.eventId());
	}

	@Test
	void refusesPreAcceptanceBeforeContractWithAReason() {
		Pilot solicited = new Pilot(ENTERPRISE, Stage.SOLICITED, 1, "思明区", "电子信息", null);

		Outcome outcome = PilotLifecycle.apply(Optional.of(solicited),
				milestone("m-3", MilestoneType.PRE_ACCEPTANCE, MilestoneData.none()), NOW);

		assertThat(outcome).isInstanceOf(Outcome.Refused.class);
		Outcome.Refused refused = (Outcome.Refused) outcome;
		assertThat(refused.reason()).isEqualTo(RejectionReason.PREDECESSOR_MISSING);
		assertThat(refused.detail()).contains("pilot.pre-acceptance").contains("SOLICITED");
	}

	@Test
	void withdrawsFromAnOpenStageAndKeepsTheProvider() {
		Pilot contracted = new Pilot(ENTERPRISE, Stage.CONTRACTED, 2, "思明区", "电子信息", "CEPREI");

		Outcome.Applied applied = (Outcome.Applied) PilotLifecycle.apply(Optional.of(contracted),
				milestone("m-4", MilestoneType.WITHDRAWN, MilestoneData.none()), NOW);

		assertThat(applied.pilot().stage()).isEqualTo(Stage.WITHDRAWN);
		assertThat(applied.pilot().provider()).isEqualTo("CEPREI");
		assertThat(applied.change().version()).isEqualTo(3);
	}

	static Milestone milestone(String id, MilestoneType type, MilestoneData data) {
		return new Milestone(id, "/providers/ceprei", type, ENTERPRISE, Instant.parse("2024-05-01T08:00:00Z"), data);
	}

}
