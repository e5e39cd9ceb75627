package com.pilottracker.projection.funnel;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Uscc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FunnelChangeTests {

	static final Uscc ENTERPRISE = new Uscc("91350203MA2YQ8LX3K");

	static final Instant MARCH = Instant.parse("2024-03-01T00:00:00Z");

	@Test
	void countsASolicitationAsReachedAndCurrent() {
		FunnelChange change = FunnelChange.of(Optional.empty(), change(null, Stage.SOLICITED, 1, Stage.SOLICITED));

		FunnelChange.Apply apply = (FunnelChange.Apply) change;
		assertThat(apply.deltas()).isEqualTo(Map.of(key(Stage.SOLICITED), new Counts(1, 1)));
		assertThat(apply.progress().version()).isEqualTo(1);
		assertThat(apply.progress().reachedAt()).containsEntry(Stage.SOLICITED, MARCH);
	}

	@Test
	void movesCurrentToTheNextStageAndKeepsReached() {
		EnterpriseProgress solicited = progress(Stage.SOLICITED, 1, Stage.SOLICITED);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(solicited),
				change(Stage.SOLICITED, Stage.CONTRACTED, 2, Stage.SOLICITED, Stage.CONTRACTED));

		assertThat(apply.deltas())
			.isEqualTo(Map.of(key(Stage.CONTRACTED), new Counts(1, 1), key(Stage.SOLICITED), new Counts(0, -1)));
	}

	@Test
	void lowersCurrentButNeverReachedOnAWithdrawal() {
		EnterpriseProgress contracted = progress(Stage.CONTRACTED, 2, Stage.SOLICITED, Stage.CONTRACTED);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(contracted),
				change(Stage.CONTRACTED, Stage.WITHDRAWN, 3, Stage.SOLICITED, Stage.CONTRACTED, Stage.WITHDRAWN));

		assertThat(apply.deltas())
			.isEqualTo(Map.of(key(Stage.WITHDRAWN), new Counts(1, 1), key(Stage.CONTRACTED), new Counts(0, -1)));
	}

	@Test
	void addsAStageReachedInThePastWithoutMovingCurrent() {
		EnterpriseProgress withdrawn = progress(Stage.WITHDRAWN, 3, Stage.SOLICITED, Stage.CONTRACTED, Stage.WITHDRAWN);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(withdrawn), change(Stage.WITHDRAWN,
				Stage.WITHDRAWN, 4, Stage.SOLICITED, Stage.CONTRACTED, Stage.PRE_ACCEPTANCE, Stage.WITHDRAWN));

		assertThat(apply.deltas()).isEqualTo(Map.of(key(Stage.PRE_ACCEPTANCE), new Counts(1, 0)));
	}

	@Test
	void takesAwayAStageThatALateWithdrawalReportMakesUnreached() {
		EnterpriseProgress contracted = progress(Stage.CONTRACTED, 2, Stage.SOLICITED, Stage.CONTRACTED);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(contracted),
				change(Stage.CONTRACTED, Stage.WITHDRAWN, 3, Stage.SOLICITED, Stage.WITHDRAWN));

		assertThat(apply.deltas())
			.isEqualTo(Map.of(key(Stage.WITHDRAWN), new Counts(1, 1), key(Stage.CONTRACTED), new Counts(-1, -1)));
	}

	@Test
	void ignoresAChangeItHasAlreadyApplied() {
		EnterpriseProgress contracted = progress(Stage.CONTRACTED, 2, Stage.SOLICITED, Stage.CONTRACTED);

		FunnelChange change = FunnelChange.of(Optional.of(contracted),
				change(Stage.SOLICITED, Stage.CONTRACTED, 2, Stage.SOLICITED, Stage.CONTRACTED));

		assertThat(change).isEqualTo(new FunnelChange.Duplicate(2));
	}

	@Test
	void refusesAChangeWhosePredecessorIsMissing() {
		EnterpriseProgress solicited = progress(Stage.SOLICITED, 1, Stage.SOLICITED);

		assertThatExceptionOfType(MissingChangeException.class)
			.isThrownBy(
					() -> FunnelChange.of(Optional.of(solicited),
							change(Stage.CONTRACTED, Stage.PRE_ACCEPTANCE, 3, Stage.SOLICITED, Stage.CONTRACTED,
									Stage.PRE_ACCEPTANCE)))
			.withMessageContaining("version 3")
			.withMessageContaining("up to 1");
	}

	@Test
	void countsAnEnterpriseWithoutDistrictUnderUnknown() {
		StageChanged solicited = new StageChanged("e", ENTERPRISE, null, Stage.SOLICITED, 1,
				Map.of(Stage.SOLICITED, MARCH), MARCH, MARCH, "s", "m", null, " ", null);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.empty(), solicited);

		assertThat(apply.deltas()).containsOnlyKeys(new FunnelKey("unknown", "unknown", Stage.SOLICITED));
	}

	static FunnelKey key(Stage stage) {
		return new FunnelKey("思明区", "电子信息", stage);
	}

	static Map<Stage, Instant> reached(Stage... stages) {
		Map<Stage, Instant> reachedAt = new EnumMap<>(Stage.class);
		for (Stage stage : stages) {
			reachedAt.put(stage, MARCH);
		}
		return reachedAt;
	}

	static EnterpriseProgress progress(Stage stage, long version, Stage... reached) {
		return new EnterpriseProgress(ENTERPRISE, version, stage, "思明区", "电子信息", null, reached(reached));
	}

	static StageChanged change(Stage from, Stage to, long version, Stage... reached) {
		return new StageChanged("event-" + version, ENTERPRISE, from, to, version, reached(reached), MARCH, MARCH,
				"/providers/p", "m-" + version, "思明区", "电子信息", null);
	}

}
