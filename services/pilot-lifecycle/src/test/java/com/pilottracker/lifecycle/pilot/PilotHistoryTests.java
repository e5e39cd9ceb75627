package com.pilottracker.lifecycle.pilot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PilotHistoryTests {

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final Duration LIMIT = Duration.ofDays(30);

	static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");

	static final Milestone SOLICITED = milestone("s", MilestoneType.SOLICITED, "2024-03-01",
			new MilestoneData("思明区", "电子信息", null, null));

	static final Milestone CONTRACTED = milestone("c", MilestoneType.CONTRACTED, "2024-05-01",
			new MilestoneData(null, null, "ceprei", null));

	static final Milestone PRE_ACCEPTANCE = milestone("p", MilestoneType.PRE_ACCEPTANCE, "2024-11-01",
			MilestoneData.none());

	static final Milestone WITHDRAWN = milestone("w", MilestoneType.WITHDRAWN, "2025-01-10", MilestoneData.none());

	@Test
	void appliesLegalStepsAndKeepsDistrictIndustryAndProvider() {
		PilotHistory.Replay replay = replay(SOLICITED, CONTRACTED);

		assertThat(replay.verdicts().values()).containsOnly(Verdict.APPLIED);
		PilotState state = replay.state().orElseThrow();
		assertThat(state.stage()).isEqualTo(Stage.CONTRACTED);
		assertThat(state.reachedAt())
			.isEqualTo(Map.of(Stage.SOLICITED, SOLICITED.time(), Stage.CONTRACTED, CONTRACTED.time()));
		assertThat(state.district()).isEqualTo("思明区");
		assertThat(state.industry()).isEqualTo("电子信息");
		assertThat(state.provider()).isEqualTo("ceprei");
	}

	@Test
	void holdsAContractUntilTheSolicitationArrivesThenAppliesBoth() {
		PilotHistory.Replay early = replay(CONTRACTED);

		assertThat(early.state()).isEmpty();
		Verdict held = early.verdictOn(CONTRACTED);
		assertThat(held.status()).isEqualTo(MilestoneStatus.HELD);
		assertThat(held.waitingFor()).isEqualTo(Stage.SOLICITED);

		PilotHistory.Replay complete = replay(CONTRACTED, SOLICITED);

		assertThat(complete.verdicts().values()).containsOnly(Verdict.APPLIED);
		assertThat(complete.state().orElseThrow().stage()).isEqualTo(Stage.CONTRACTED);
	}

	@Test
	void rejectsAHeldMilestoneOnceItIsOlderThanTheHoldLimit() {
		Instant cutoff = CONTRACTED.time().plusSeconds(1);

		PilotHistory.Replay replay = PilotHistory.replay(List.of(CONTRACTED), cutoff, LIMIT);

		Verdict verdict = replay.verdictOn(CONTRACTED);
		assertThat(verdict.status()).isEqualTo(MilestoneStatus.REJECTED);
		assertThat(verdict.reason()).isEqualTo(RejectionReason.PREDECESSOR_MISSING);
		assertThat(verdict.isExpiredHold()).isTrue();
		assertThat(verdict.detail()).contains("30 days");
	}

	@Test
	void placesALateReportOfAnEarlierStepBeforeTheWithdrawal() {
		PilotHistory.Replay replay = replay(SOLICITED, CONTRACTED, WITHDRAWN, PRE_ACCEPTANCE);

		PilotState state = replay.state().orElseThrow();
		assertThat(state.stage()).isEqualTo(Stage.WITHDRAWN);
		assertThat(state.reachedAt()).containsOnlyKeys(Stage.SOLICITED, Stage.CONTRACTED, Stage.PRE_ACCEPTANCE,
				Stage.WITHDRAWN);
		assertThat(replay.verdicts().values()).containsOnly(Verdict.APPLIED);
	}

	@Test
	void rejectsAStepReportedAfterAWithdrawalThatHappenedEarlier() {
		Milestone earlyWithdrawal = milestone("w0", MilestoneType.WITHDRAWN, "2024-04-01", MilestoneData.none());

		PilotHistory.Replay replay = replay(SOLICITED, CONTRACTED, earlyWithdrawal);

		assertThat(replay.verdictOn(CONTRACTED).reason()).isEqualTo(RejectionReason.AFTER_WITHDRAWAL);
		assertThat(replay.state().orElseThrow().reachedAt()).containsOnlyKeys(Stage.SOLICITED, Stage.WITHDRAWN);
	}

	@Test
	void rejectsARepeatedStepWithAnotherIdTheSameWayWhicheverArrivesFirst() {
		Milestone again = milestone("s2", MilestoneType.SOLICITED, "2024-03-05",
				new MilestoneData("湖里区", "新能源", null, null));

		PilotHistory.Replay oneWay = replay(SOLICITED, again);
		PilotHistory.Replay otherWay = replay(again, SOLICITED);

		assertThat(oneWay.verdictOn(again).reason()).isEqualTo(RejectionReason.STAGE_ALREADY_REACHED);
		assertThat(otherWay.verdictOn(again).reason()).isEqualTo(RejectionReason.STAGE_ALREADY_REACHED);
		assertThat(oneWay.state()).isEqualTo(otherWay.state());
		assertThat(oneWay.state().orElseThrow().district()).isEqualTo("思明区");
	}

	@Test
	void rejectsAStepBackwards() {
		Milestone lateSolicitation = milestone("s3", MilestoneType.SOLICITED, "2024-06-01",
				new MilestoneData("思明区", "电子信息", null, null));

		PilotHistory.Replay replay = replay(SOLICITED, CONTRACTED, lateSolicitation);

		assertThat(replay.verdictOn(lateSolicitation).reason()).isEqualTo(RejectionReason.STEP_BACKWARDS);
	}

	static PilotHistory.Replay replay(Milestone... milestones) {
		return PilotHistory.replay(List.of(milestones), LONG_AGO, LIMIT);
	}

	static Milestone milestone(String id, MilestoneType type, String day, MilestoneData data) {
		return new Milestone(id, "/providers/ceprei", type, ENTERPRISE, Instant.parse(day + "T02:00:00Z"), data);
	}

}
