package com.pilottracker.projection.funnel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.testsupport.PilotStages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FunnelChangeTests {

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final Instant MARCH = Instant.parse("2024-03-01T00:00:00Z");

	@Test
	void countsASolicitationAsReachedAndCurrent() {
		FunnelChange change = FunnelChange.of(Optional.empty(),
				change(null, PilotStages.SOLICITED, 1, PilotStages.SOLICITED));

		FunnelChange.Apply apply = (FunnelChange.Apply) change;
		assertThat(apply.deltas()).isEqualTo(Map.of(key(PilotStages.SOLICITED), new Counts(1, 1)));
		assertThat(apply.progress().version()).isEqualTo(1);
		assertThat(apply.progress().reachedAt()).containsEntry(PilotStages.SOLICITED, MARCH);
	}

	@Test
	void movesCurrentToTheNextStageAndKeepsReached() {
		EnterpriseProgress solicited = progress(PilotStages.SOLICITED, 1, PilotStages.SOLICITED);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(solicited), change(
				PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, PilotStages.SOLICITED, PilotStages.CONTRACTED));

		assertThat(apply.deltas()).isEqualTo(
				Map.of(key(PilotStages.CONTRACTED), new Counts(1, 1), key(PilotStages.SOLICITED), new Counts(0, -1)));
	}

	@Test
	void lowersCurrentButNeverReachedOnAWithdrawal() {
		EnterpriseProgress contracted = progress(PilotStages.CONTRACTED, 2, PilotStages.SOLICITED,
				PilotStages.CONTRACTED);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(contracted),
				change(PilotStages.CONTRACTED, PilotStages.WITHDRAWN, 3, PilotStages.SOLICITED, PilotStages.CONTRACTED,
						PilotStages.WITHDRAWN));

		assertThat(apply.deltas()).isEqualTo(
				Map.of(key(PilotStages.WITHDRAWN), new Counts(1, 1), key(PilotStages.CONTRACTED), new Counts(0, -1)));
	}

	@Test
	void addsAStageReachedInThePastWithoutMovingCurrent() {
		EnterpriseProgress withdrawn = progress(PilotStages.WITHDRAWN, 3, PilotStages.SOLICITED, PilotStages.CONTRACTED,
				PilotStages.WITHDRAWN);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(withdrawn),
				change(PilotStages.WITHDRAWN, PilotStages.WITHDRAWN, 4, PilotStages.SOLICITED, PilotStages.CONTRACTED,
						PilotStages.PRE_ACCEPTANCE, PilotStages.WITHDRAWN));

		assertThat(apply.deltas()).isEqualTo(Map.of(key(PilotStages.PRE_ACCEPTANCE), new Counts(1, 0)));
	}

	@Test
	void takesAwayAStageThatALateWithdrawalReportMakesUnreached() {
		EnterpriseProgress contracted = progress(PilotStages.CONTRACTED, 2, PilotStages.SOLICITED,
				PilotStages.CONTRACTED);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(contracted),
				change(PilotStages.CONTRACTED, PilotStages.WITHDRAWN, 3, PilotStages.SOLICITED, PilotStages.WITHDRAWN));

		assertThat(apply.deltas()).isEqualTo(
				Map.of(key(PilotStages.WITHDRAWN), new Counts(1, 1), key(PilotStages.CONTRACTED), new Counts(-1, -1)));
	}

	@Test
	void ignoresAChangeItHasAlreadyApplied() {
		EnterpriseProgress contracted = progress(PilotStages.CONTRACTED, 2, PilotStages.SOLICITED,
				PilotStages.CONTRACTED);

		FunnelChange change = FunnelChange.of(Optional.of(contracted), change(PilotStages.SOLICITED,
				PilotStages.CONTRACTED, 2, PilotStages.SOLICITED, PilotStages.CONTRACTED));

		assertThat(change).isEqualTo(new FunnelChange.Duplicate(2));
	}

	@Test
	void refusesAChangeWhosePredecessorIsMissing() {
		EnterpriseProgress solicited = progress(PilotStages.SOLICITED, 1, PilotStages.SOLICITED);

		assertThatExceptionOfType(MissingChangeException.class)
			.isThrownBy(() -> FunnelChange.of(Optional.of(solicited),
					change(PilotStages.CONTRACTED, PilotStages.PRE_ACCEPTANCE, 3, PilotStages.SOLICITED,
							PilotStages.CONTRACTED, PilotStages.PRE_ACCEPTANCE)))
			.withMessageContaining("version 3")
			.withMessageContaining("up to 1");
	}

	@Test
	void countsAnEnterpriseWithoutDistrictUnderUnknown() {
		StageChanged solicited = new StageChanged("e", "pilot", ENTERPRISE, null, PilotStages.SOLICITED, 1,
				Map.of(PilotStages.SOLICITED, MARCH), MARCH, MARCH, "s", "m", null, " ", null, Map.of());

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.empty(), solicited);

		assertThat(apply.deltas())
			.containsOnlyKeys(new FunnelKey("pilot", "unknown", "unknown", Map.of(), PilotStages.SOLICITED));
	}

	@Test
	void countsAReEntryInCurrentOnlyAndSinceItsOwnStep() {
		Stage innovative = new Stage("INNOVATIVE");
		Stage revoked = new Stage("REVOKED");
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
		reachedAt.put(innovative, MARCH);
		reachedAt.put(revoked, MARCH.plusSeconds(60));
		Map<String, String> highTech = Map.of("highTech", "true");
		EnterpriseProgress out = new EnterpriseProgress("gradient", ENTERPRISE, 2, revoked, MARCH.plusSeconds(60),
				"思明区", "电子信息", null, highTech, reachedAt);
		Instant back = MARCH.plusSeconds(120);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(out),
				new StageChanged("e", "gradient", ENTERPRISE, revoked, innovative, 3, reachedAt, back, back, "s", "m",
						"思明区", "电子信息", null, highTech));

		assertThat(apply.deltas()).isEqualTo(Map.of(new FunnelKey("gradient", "思明区", "电子信息", highTech, innovative),
				new Counts(0, 1), new FunnelKey("gradient", "思明区", "电子信息", highTech, revoked), new Counts(0, -1)));
		assertThat(apply.progress().since()).isEqualTo(back);
		assertThat(apply.progress().reachedAt()).isEqualTo(reachedAt);
	}

	static FunnelKey key(Stage stage) {
		return new FunnelKey("pilot", "思明区", "电子信息", Map.of(), stage);
	}

	static Map<Stage, Instant> reached(Stage... stages) {
		Map<Stage, Instant> reachedAt = new LinkedHashMap<>();
		for (Stage stage : stages) {
			reachedAt.put(stage, MARCH);
		}
		return reachedAt;
	}

	static EnterpriseProgress progress(Stage stage, long version, Stage... reached) {
		return new EnterpriseProgress("pilot", ENTERPRISE, version, stage, MARCH, "思明区", "电子信息", null, Map.of(),
				reached(reached));
	}

	static StageChanged change(Stage from, Stage to, long version, Stage... reached) {
		return new StageChanged("event-" + version, "pilot", ENTERPRISE, from, to, version, reached(reached), MARCH,
				MARCH, "/providers/p", "m-" + version, "思明区", "电子信息", null, Map.of());
	}

}
