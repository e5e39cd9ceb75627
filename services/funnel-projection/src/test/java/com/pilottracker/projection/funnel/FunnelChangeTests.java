package com.pilottracker.projection.funnel;

import java.time.Instant;
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
		FunnelChange change = FunnelChange.of(Optional.empty(), change(null, Stage.SOLICITED, 1));

		FunnelChange.Apply apply = (FunnelChange.Apply) change;
		assertThat(apply.deltas()).isEqualTo(Map.of(key(Stage.SOLICITED), new Counts(1, 1)));
		assertThat(apply.progress().version()).isEqualTo(1);
		assertThat(apply.progress().reachedAt()).containsEntry(Stage.SOLICITED, MARCH);
	}

	@Test
	void movesCurrentToTheNextStageAndKeepsReached() {
		EnterpriseProgress solicited = progress(Stage.SOLICITED, 1);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(solicited),
				change(Stage.SOLICITED, Stage.CONTRACTED, 2));

		assertThat(apply.deltas())
			.isEqualTo(Map.of(key(Stage.CONTRACTED), new Counts(1, 1), key(Stage.SOLICITED), new Counts(0, -1)));
	}

	@Test
	void lowersCurrentButNeverReachedOnAWithdrawal() {
		EnterpriseProgress contracted = progress(Stage.CONTRACTED, 2);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.of(contracted),
				change(Stage.CONTRACTED, Stage.WITHDRAWN, 3));

		assertThat(apply.deltas())
			.isEqualTo(Map.of(key(Stage.WITHDRAWN), new Counts(1, 1), key(Stage.CONTRACTED), new Counts(0, -1)));
		assertThat(apply.deltas().keySet()).noneMatch((key) -> key.stage() == Stage.SOLICITED);
	}

	@Test
	void ignoresAChangeItHasAlreadyApplied() {
		EnterpriseProgress contracted = progress(Stage.CONTRACTED, 2);

		FunnelChange change = FunnelChange.of(Optional.of(contracted), change(Stage.SOLICITED, Stage.CONTRACTED, 2));

		assertThat(change).isEqualTo(new FunnelChange.Duplicate(2));
	}

	@Test
	void refusesAChangeWhosePredecessorIsMissing() {
		EnterpriseProgress solicited = progress(Stage.SOLICITED, 1);

		assertThatExceptionOfType(MissingChangeException.class)
			.isThrownBy(
					() -> FunnelChange.of(Optional.of(solicited), change(Stage.CONTRACTED, Stage.PRE_ACCEPTANCE, 3)))
			.withMessageContaining("version 3")
			.withMessageContaining("up to 1");
	}

	@Test
	void countsAnEnterpriseWithoutDistrictUnderUnknown() {
		StageChanged solicited = new StageChanged("e", ENTERPRISE, null, Stage.SOLICITED, 1, MARCH, MARCH, "s", "m",
				null, " ", null);

		FunnelChange.Apply apply = (FunnelChange.Apply) FunnelChange.of(Optional.empty(), solicited);

		assertThat(apply.deltas()).containsOnlyKeys(new FunnelKey("unknown", "unknown", Stage.SOLICITED));
	}

	static FunnelKey key(Stage stage) {
		return new FunnelKey("思明区", "电子信息", stage);
	}

	static EnterpriseProgress progress(Stage stage, long version) {
		return new EnterpriseProgress(ENTERPRISE, version, stage, "思明区", "电子信息", null, Map.of(Stage.SOLICITED, MARCH));
	}

	static StageChanged change(Stage from, Stage to, long version) {
		return new StageChanged("event-" + version, ENTERPRISE, from, to, version, MARCH, MARCH, "/providers/p",
				"m-" + version, "思明区", "电子信息", null);
	}

}
