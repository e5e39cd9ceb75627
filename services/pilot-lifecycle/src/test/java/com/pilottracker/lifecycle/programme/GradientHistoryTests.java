package com.pilottracker.lifecycle.programme;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Milestone;
import com.pilottracker.contracts.MilestoneData;
import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.Uscc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gradient's history: renewal, lapse on the log clock, revocation and re-entry, all
 * derived from its definition.
 */
class GradientHistoryTests {

	static final Programme GRADIENT = Programmes.gradient();

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final Stage INNOVATIVE = GRADIENT.stage("INNOVATIVE").orElseThrow();

	static final Stage SPECIALISED = GRADIENT.stage("SPECIALISED").orElseThrow();

	static final Stage LAPSED = GRADIENT.stage("LAPSED").orElseThrow();

	static final Stage REVOKED = GRADIENT.stage("REVOKED").orElseThrow();

	static final Milestone RECOGNISED = milestone("i", "gradient.innovative", "2020-01-10", "思明区", "true");

	/** Three years after the recognition's time. */
	static final Instant LAPSE = Instant.parse("2023-01-10T02:00:00Z");

	@Test
	void lapsesWhenTheValidityPassesWithoutAReReview() {
		ProgrammeHistory.Replay replay = replay(Instant.parse("2023-06-01T00:00:00Z"), RECOGNISED);

		ProgrammeState state = replay.state().orElseThrow();
		assertThat(state.stage()).isEqualTo(LAPSED);
		assertThat(state.reachedAt()).isEqualTo(Map.of(INNOVATIVE, RECOGNISED.time(), LAPSED, LAPSE));
		assertThat(replay.nextDue()).isEmpty();
	}

	@Test
	void lapsesOnlyOnceTheLogShowsTheInstantHasPassed() {
		ProgrammeHistory.Replay before = replay(LAPSE.minusNanos(1), RECOGNISED);
		ProgrammeHistory.Replay at = replay(LAPSE, RECOGNISED);

		assertThat(before.state().orElseThrow().stage()).isEqualTo(INNOVATIVE);
		assertThat(before.nextDue()).contains(LAPSE);
		assertThat(at.state().orElseThrow().stage()).isEqualTo(LAPSED);
	}

	@Test
	void aReReviewRestartsTheValidityWithoutChangingTheStage() {
		Milestone reviewed = milestone("r", "gradient.re-reviewed", "2022-12-01", null, null);

		ProgrammeHistory.Replay replay = replay(Instant.parse("2024-01-01T00:00:00Z"), RECOGNISED, reviewed);

		assertThat(replay.verdictOn(reviewed)).isEqualTo(Verdict.APPLIED);
		assertThat(replay.state().orElseThrow().stage()).isEqualTo(INNOVATIVE);
		assertThat(replay.state()).isEqualTo(replay(LAPSE.minusSeconds(1), RECOGNISED).state());
		assertThat(replay.nextDue()).contains(Instant.parse("2025-12-01T02:00:00Z"));
	}

	@Test
	void aLateReReviewDatedBeforeTheLapseUndoesItOnReplay() {
		Instant horizon = Instant.parse("2023-06-01T00:00:00Z");
		Milestone reviewed = milestone("r", "gradient.re-reviewed", "2023-01-09", null, null)
			.acceptedAt(Instant.parse("2023-05-01T00:00:00Z"));

		assertThat(replay(horizon, RECOGNISED).state().orElseThrow().stage()).isEqualTo(LAPSED);
		ProgrammeHistory.Replay replay = replay(horizon, RECOGNISED, reviewed);

		assertThat(replay.state().orElseThrow().stage()).isEqualTo(INNOVATIVE);
		assertThat(replay.state().orElseThrow().reachedAt()).containsOnlyKeys(INNOVATIVE);
	}

	@Test
	void takesAReReviewDatedAtTheLapseInstantAsInTime() {
		Milestone reviewed = new Milestone("r", "/programme-office", new MilestoneType("gradient.re-reviewed"),
				ENTERPRISE, LAPSE, LAPSE, MilestoneData.none());

		ProgrammeHistory.Replay replay = replay(LAPSE.plusSeconds(60), RECOGNISED, reviewed);

		assertThat(replay.verdictOn(reviewed)).isEqualTo(Verdict.APPLIED);
		assertThat(replay.state().orElseThrow().stage()).isEqualTo(INNOVATIVE);
	}

	@Test
	void holdsAReReviewDatedAfterTheLapseForAReEntry() {
		Milestone reviewed = milestone("r", "gradient.re-reviewed", "2023-03-01", null, null);

		ProgrammeHistory.Replay replay = replay(Instant.parse("2023-03-15T00:00:00Z"), RECOGNISED, reviewed);

		assertThat(replay.state().orElseThrow().stage()).isEqualTo(LAPSED);
		assertThat(replay.verdictOn(reviewed)).isInstanceOfSatisfying(Verdict.Held.class,
				(held) -> assertThat(held.waitingFor()).isEqualTo(INNOVATIVE));
	}

	@Test
	void countsTheValidityFromTheCurrentStageReached() {
		Milestone specialised = milestone("s", "gradient.specialised", "2022-06-01", null, null);

		ProgrammeHistory.Replay replay = replay(Instant.parse("2025-01-01T00:00:00Z"), RECOGNISED, specialised);

		assertThat(replay.state().orElseThrow().stage()).isEqualTo(SPECIALISED);
		assertThat(replay.nextDue()).contains(Instant.parse("2025-06-01T02:00:00Z"));
	}

	@Test
	void addsTheValidityAsAPeriodInUtcFromALeapDay() {
		Milestone leapDay = milestone("i", "gradient.innovative", "2020-02-29", "思明区", "true");

		ProgrammeHistory.Replay replay = replay(Instant.parse("2021-01-01T00:00:00Z"), leapDay);

		assertThat(replay.nextDue()).contains(Instant.parse("2023-02-28T02:00:00Z"));
	}

	@Test
	void reEntersAfterARevocationKeepingTheFirstTimesAndTakingTheReEntrysAttributes() {
		Milestone revoked = milestone("x", "gradient.revoked", "2021-01-01", null, null);
		Milestone again = milestone("i2", "gradient.innovative", "2021-06-01", "湖里区", "false");

		ProgrammeHistory.Replay replay = replay(Instant.parse("2021-07-01T00:00:00Z"), RECOGNISED, revoked, again);

		assertThat(replay.verdicts().values()).containsOnly(Verdict.APPLIED);
		ProgrammeState state = replay.state().orElseThrow();
		assertThat(state.stage()).isEqualTo(INNOVATIVE);
		assertThat(state.reachedAt()).containsExactly(Map.entry(INNOVATIVE, RECOGNISED.time()),
				Map.entry(REVOKED, revoked.time()));
		assertThat(state.district()).isEqualTo("湖里区");
		assertThat(state.attributes()).isEqualTo(Map.of("highTech", "false"));
		assertThat(replay.nextDue()).contains(Instant.parse("2024-06-01T02:00:00Z"));
	}

	@Test
	void refusesAProvidersStepAsOfficeOnly() {
		Milestone byProvider = new Milestone("p", "/providers/ceprei", new MilestoneType("gradient.specialised"),
				ENTERPRISE, Instant.parse("2021-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z"),
				MilestoneData.none());

		ProgrammeHistory.Replay replay = replay(Instant.parse("2021-02-01T00:00:00Z"), RECOGNISED, byProvider);

		assertThat(replay.verdictOn(byProvider)).isInstanceOfSatisfying(Verdict.Rejected.class,
				(rejected) -> assertThat(rejected.reason().name()).isEqualTo("OFFICE_ONLY"));
	}

	@Test
	void keepsOnlyTheAttributeValuesTheDefinitionAccepts() {
		Milestone odd = milestone("i", "gradient.innovative", "2020-01-10", "思明区", "perhaps");

		ProgrammeHistory.Replay replay = replay(Instant.parse("2020-02-01T00:00:00Z"), odd);

		assertThat(replay.state().orElseThrow().attributes()).isEmpty();
	}

	static ProgrammeHistory.Replay replay(Instant horizon, Milestone... milestones) {
		return ProgrammeHistory.replay(GRADIENT, List.of(milestones), null, horizon);
	}

	/** The office reports every gradient step; accepted an hour after its time. */
	static Milestone milestone(String id, String type, String day, String district, String highTech) {
		Instant time = Instant.parse(day + "T02:00:00Z");
		MilestoneData data = (district != null)
				? new MilestoneData(district, "电子信息", null, null, Map.of("highTech", highTech)) : MilestoneData.none();
		return new Milestone(id, "/programme-office", new MilestoneType(type), ENTERPRISE, time,
				time.plus(Duration.ofHours(1)), data);
	}

}
