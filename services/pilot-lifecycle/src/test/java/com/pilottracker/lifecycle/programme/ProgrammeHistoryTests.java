package com.pilottracker.lifecycle.programme;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.PilotMilestones;
import com.pilottracker.testsupport.PilotStages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgrammeHistoryTests {

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");

	static final String OFFICE = "/programme-office";

	static final String RIVAL = "/providers/rival";

	static final Milestone SOLICITED = milestone("s", PilotMilestones.SOLICITED, "2024-03-01",
			new MilestoneData("思明区", "电子信息", null, null));

	static final Milestone CONTRACTED = milestone("c", PilotMilestones.CONTRACTED, "2024-05-01",
			new MilestoneData(null, null, "ceprei", null));

	static final Milestone PRE_ACCEPTANCE = milestone("p", PilotMilestones.PRE_ACCEPTANCE, "2024-11-01",
			MilestoneData.none());

	static final Milestone WITHDRAWN = milestone("w", PilotMilestones.WITHDRAWN, "2025-01-10", MilestoneData.none());

	@Test
	void appliesLegalStepsAndKeepsDistrictIndustryAndProvider() {
		ProgrammeHistory.Replay replay = replay(SOLICITED, CONTRACTED);

		assertThat(replay.verdicts().values()).containsOnly(Verdict.APPLIED);
		ProgrammeState state = replay.state().orElseThrow();
		assertThat(state.stage()).isEqualTo(PilotStages.CONTRACTED);
		assertThat(state.reachedAt())
			.isEqualTo(Map.of(PilotStages.SOLICITED, SOLICITED.time(), PilotStages.CONTRACTED, CONTRACTED.time()));
		assertThat(state.district()).isEqualTo("思明区");
		assertThat(state.industry()).isEqualTo("电子信息");
		assertThat(state.provider()).isEqualTo("ceprei");
	}

	@Test
	void holdsAContractUntilTheSolicitationArrivesThenAppliesBoth() {
		ProgrammeHistory.Replay early = replay(CONTRACTED);

		assertThat(early.state()).isEmpty();
		Verdict held = early.verdictOn(CONTRACTED);
		assertThat(held).isEqualTo(new Verdict.Held(PilotStages.SOLICITED,
				"pilot.contracted is held until the enterprise reaches SOLICITED; the enterprise is not in the pilot yet"));

		ProgrammeHistory.Replay complete = replay(CONTRACTED, SOLICITED);

		assertThat(complete.verdicts().values()).containsOnly(Verdict.APPLIED);
		assertThat(complete.state().orElseThrow().stage()).isEqualTo(PilotStages.CONTRACTED);
	}

	@Test
	void holdsAMilestoneUntilTheLogPassesItsAcceptancePlusTheHoldLimit() {
		Instant deadline = CONTRACTED.acceptedAt().plus(Duration.ofDays(30));

		ProgrammeHistory.Replay before = ProgrammeHistory.replay(Programmes.pilot(), List.of(CONTRACTED), null,
				deadline.minusNanos(1));
		ProgrammeHistory.Replay at = ProgrammeHistory.replay(Programmes.pilot(), List.of(CONTRACTED), null, deadline);

		assertThat(before.verdictOn(CONTRACTED)).isInstanceOf(Verdict.Held.class);
		assertThat(before.nextDue()).contains(deadline);
		Verdict verdict = at.verdictOn(CONTRACTED);
		assertThat(verdict).isInstanceOfSatisfying(Verdict.Rejected.class, (rejected) -> {
			assertThat(rejected.reason()).isEqualTo(RejectionReason.PREDECESSOR_MISSING);
			assertThat(rejected.isExpiredHold()).isTrue();
		});
		assertThat(verdict.detail()).contains("30 days");
		assertThat(at.nextDue()).isEmpty();
	}

	@Test
	void holdsAMilestoneWhoseTimeLiesFarBackAsLongAsItsAcceptanceIsRecent() {
		Milestone backFilled = CONTRACTED.acceptedAt(Instant.parse("2026-01-01T00:00:00Z"));

		ProgrammeHistory.Replay replay = ProgrammeHistory.replay(Programmes.pilot(), List.of(backFilled), null,
				Instant.parse("2026-01-02T00:00:00Z"));

		assertThat(replay.verdictOn(backFilled)).isInstanceOf(Verdict.Held.class);
	}

	@Test
	void placesALateReportOfAnEarlierStepBeforeTheWithdrawal() {
		ProgrammeHistory.Replay replay = replay(SOLICITED, CONTRACTED, WITHDRAWN, PRE_ACCEPTANCE);

		ProgrammeState state = replay.state().orElseThrow();
		assertThat(state.stage()).isEqualTo(PilotStages.WITHDRAWN);
		assertThat(state.reachedAt()).containsOnlyKeys(PilotStages.SOLICITED, PilotStages.CONTRACTED,
				PilotStages.PRE_ACCEPTANCE, PilotStages.WITHDRAWN);
		assertThat(replay.verdicts().values()).containsOnly(Verdict.APPLIED);
	}

	@Test
	void rejectsAStepReportedAfterAWithdrawalThatHappenedEarlier() {
		Milestone earlyWithdrawal = by(OFFICE, "w0", PilotMilestones.WITHDRAWN, "2024-04-01", MilestoneData.none());

		ProgrammeHistory.Replay replay = replay(SOLICITED, CONTRACTED, earlyWithdrawal);

		assertThat(reason(replay.verdictOn(CONTRACTED))).isEqualTo(RejectionReason.AFTER_WITHDRAWAL);
		assertThat(replay.state().orElseThrow().reachedAt()).containsOnlyKeys(PilotStages.SOLICITED,
				PilotStages.WITHDRAWN);
	}

	@Test
	void rejectsARepeatedStepWithAnotherIdTheSameWayWhicheverArrivesFirst() {
		Milestone again = milestone("s2", PilotMilestones.SOLICITED, "2024-03-05",
				new MilestoneData("湖里区", "新能源", null, null));

		ProgrammeHistory.Replay oneWay = replay(SOLICITED, again);
		ProgrammeHistory.Replay otherWay = replay(again, SOLICITED);

		assertThat(reason(oneWay.verdictOn(again))).isEqualTo(RejectionReason.STAGE_ALREADY_REACHED);
		assertThat(reason(otherWay.verdictOn(again))).isEqualTo(RejectionReason.STAGE_ALREADY_REACHED);
		assertThat(oneWay.state()).isEqualTo(otherWay.state());
		assertThat(oneWay.state().orElseThrow().district()).isEqualTo("思明区");
	}

	@Test
	void rejectsAStepBackwards() {
		Milestone lateSolicitation = milestone("s3", PilotMilestones.SOLICITED, "2024-06-01",
				new MilestoneData("思明区", "电子信息", null, null));

		ProgrammeHistory.Replay replay = replay(SOLICITED, CONTRACTED, lateSolicitation);

		assertThat(reason(replay.verdictOn(lateSolicitation))).isEqualTo(RejectionReason.STEP_BACKWARDS);
	}

	@Test
	void refusesAnotherProvidersWithdrawalAndPreAcceptanceOfAContractedEnterprise() {
		Milestone withdrawal = by(RIVAL, "rw", PilotMilestones.WITHDRAWN, "2024-06-01", MilestoneData.none());
		Milestone preAcceptance = by(RIVAL, "rp", PilotMilestones.PRE_ACCEPTANCE, "2024-06-02", MilestoneData.none());

		ProgrammeHistory.Replay replay = replay(SOLICITED, CONTRACTED, withdrawal, preAcceptance);

		assertThat(reason(replay.verdictOn(withdrawal))).isEqualTo(RejectionReason.NOT_CONTRACTED_PROVIDER);
		assertThat(reason(replay.verdictOn(preAcceptance))).isEqualTo(RejectionReason.NOT_CONTRACTED_PROVIDER);
		assertThat(replay.state().orElseThrow().stage()).isEqualTo(PilotStages.CONTRACTED);
		assertThat(replay.state().orElseThrow().provider()).isEqualTo("ceprei");
	}

	@Test
	void refusesAProvidersWithdrawalOfAnEnterpriseNobodyIsContractedWith() {
		Milestone withdrawal = by(RIVAL, "rw", PilotMilestones.WITHDRAWN, "2024-06-01", MilestoneData.none());

		ProgrammeHistory.Replay replay = replay(SOLICITED, withdrawal);

		assertThat(reason(replay.verdictOn(withdrawal))).isEqualTo(RejectionReason.NOT_CONTRACTED_PROVIDER);
		assertThat(replay.state().orElseThrow().stage()).isEqualTo(PilotStages.SOLICITED);
	}

	@Test
	void refusesABackDatedContractOfAnotherProviderForAnEnterpriseAlreadyContracted() {
		Milestone backDated = contract(RIVAL, "rc", "2024-04-01", "rival");

		ProgrammeHistory.Replay replay = ProgrammeHistory.replay(Programmes.pilot(),
				List.of(SOLICITED, CONTRACTED, backDated), "ceprei", LONG_AGO);

		assertThat(reason(replay.verdictOn(backDated))).isEqualTo(RejectionReason.CONTRACTED_WITH_ANOTHER_PROVIDER);
		assertThat(replay.verdictOn(CONTRACTED)).isEqualTo(Verdict.APPLIED);
		assertThat(replay.state().orElseThrow().provider()).isEqualTo("ceprei");
		assertThat(replay.state().orElseThrow().reachedAt().get(PilotStages.CONTRACTED)).isEqualTo(CONTRACTED.time());
	}

	@Test
	void decidesTwoProvidersContractsInTheOrderTheyHappenedWhileNeitherIsApplied() {
		Milestone rival = contract(RIVAL, "rc", "2024-06-01", "rival");

		ProgrammeHistory.Replay replay = replay(SOLICITED, rival, CONTRACTED);

		assertThat(replay.verdictOn(CONTRACTED)).isEqualTo(Verdict.APPLIED);
		assertThat(reason(replay.verdictOn(rival))).isEqualTo(RejectionReason.CONTRACTED_WITH_ANOTHER_PROVIDER);
		assertThat(replay.state().orElseThrow().provider()).isEqualTo("ceprei");
	}

	@Test
	void letsTheOfficeContractAnEnterpriseWithAnotherProvider() {
		Milestone officeContract = contract(OFFICE, "oc", "2024-04-01", "rival");

		ProgrammeHistory.Replay replay = ProgrammeHistory.replay(Programmes.pilot(),
				List.of(SOLICITED, CONTRACTED, officeContract), "ceprei", LONG_AGO);

		assertThat(replay.verdictOn(officeContract)).isEqualTo(Verdict.APPLIED);
		assertThat(reason(replay.verdictOn(CONTRACTED))).isEqualTo(RejectionReason.CONTRACTED_WITH_ANOTHER_PROVIDER);
		assertThat(replay.state().orElseThrow().provider()).isEqualTo("rival");
	}

	@Test
	void refusesAProvidersSolicitationAndAContractNamingSomeoneElse() {
		Milestone solicitation = by(RIVAL, "rs", PilotMilestones.SOLICITED, "2024-02-01",
				new MilestoneData("思明区", "电子信息", null, null));
		Milestone forSomeoneElse = contract(RIVAL, "rc", "2024-04-01", "ceprei");

		ProgrammeHistory.Replay replay = replay(SOLICITED, solicitation, forSomeoneElse);

		assertThat(reason(replay.verdictOn(solicitation))).isEqualTo(RejectionReason.OFFICE_ONLY);
		assertThat(reason(replay.verdictOn(forSomeoneElse))).isEqualTo(RejectionReason.NOT_CONTRACTED_PROVIDER);
		assertThat(replay.state().orElseThrow().stage()).isEqualTo(PilotStages.SOLICITED);
	}

	@Test
	void trustsASourceThatIsNeitherOfficeNorProviderWithNoStep() {
		Milestone withdrawal = by("/somebody", "xw", PilotMilestones.WITHDRAWN, "2024-06-01", MilestoneData.none());

		ProgrammeHistory.Replay replay = replay(SOLICITED, CONTRACTED, withdrawal);

		assertThat(reason(replay.verdictOn(withdrawal))).isEqualTo(RejectionReason.NOT_CONTRACTED_PROVIDER);
	}

	@Test
	void holdsAProvidersPreAcceptanceWhileItsContractWaitsForTheSolicitation() {
		ProgrammeHistory.Replay early = replay(CONTRACTED, PRE_ACCEPTANCE);

		assertThat(early.verdictOn(PRE_ACCEPTANCE).status()).isEqualTo(MilestoneStatus.HELD);

		ProgrammeHistory.Replay complete = replay(CONTRACTED, PRE_ACCEPTANCE, SOLICITED);

		assertThat(complete.verdicts().values()).containsOnly(Verdict.APPLIED);
		assertThat(complete.state().orElseThrow().stage()).isEqualTo(PilotStages.PRE_ACCEPTANCE);
	}

	@Test
	void tellsAnotherProviderTheSameWhereverTheEnterpriseStands() {
		Milestone office = by(OFFICE, "ow", PilotMilestones.WITHDRAWN, "2025-03-01", MilestoneData.none());
		List<List<Milestone>> histories = List.of(List.of(SOLICITED, CONTRACTED),
				List.of(SOLICITED, CONTRACTED, PRE_ACCEPTANCE), List.of(SOLICITED, CONTRACTED, office),
				List.of(SOLICITED, CONTRACTED, PRE_ACCEPTANCE, office));
		for (MilestoneType type : List.of(PilotMilestones.CONTRACTED, PilotMilestones.PRE_ACCEPTANCE,
				PilotMilestones.WITHDRAWN)) {
			Milestone rival = (type == PilotMilestones.CONTRACTED) ? contract(RIVAL, "r", "2025-06-01", "rival")
					: by(RIVAL, "r", type, "2025-06-01", MilestoneData.none());
			List<Verdict> verdicts = histories.stream().map((history) -> {
				List<Milestone> all = new java.util.ArrayList<>(history);
				all.add(rival);
				return ProgrammeHistory.replay(Programmes.pilot(), all, "ceprei", LONG_AGO).verdictOn(rival);
			}).toList();

			assertThat(verdicts).as(type.cloudEventType()).allSatisfy((verdict) -> {
				assertThat(verdict).isEqualTo(verdicts.get(0));
				assertThat(verdict.status()).isEqualTo(MilestoneStatus.REJECTED);
				assertThat(verdict.detail()).doesNotContain("ceprei", "SOLICITED", "CONTRACTED", "PRE_ACCEPTANCE",
						"WITHDRAWN");
			});
		}
	}

	static ProgrammeHistory.Replay replay(Milestone... milestones) {
		return ProgrammeHistory.replay(Programmes.pilot(), List.of(milestones), null, LONG_AGO);
	}

	static RejectionReason reason(Verdict verdict) {
		return (verdict instanceof Verdict.Rejected rejected) ? rejected.reason() : null;
	}

	/** The office solicits; the provider ceprei reports the rest. */
	static Milestone milestone(String id, MilestoneType type, String day, MilestoneData data) {
		return by((type == PilotMilestones.SOLICITED) ? OFFICE : "/providers/ceprei", id, type, day, data);
	}

	static Milestone contract(String source, String id, String day, String provider) {
		return by(source, id, PilotMilestones.CONTRACTED, day, new MilestoneData(null, null, provider, null));
	}

	static Milestone by(String source, String id, MilestoneType type, String day, MilestoneData data) {
		Instant time = Instant.parse(day + "T02:00:00Z");
		return new Milestone(id, source, type, ENTERPRISE, time, time.plus(Duration.ofHours(1)), data);
	}

}
