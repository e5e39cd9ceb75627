package com.pilottracker.projection.funnel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pilottracker.contracts.Stage;
import com.pilottracker.contracts.StageChanged;
import com.pilottracker.contracts.Uscc;
import com.pilottracker.projection.StageChanges;
import com.pilottracker.testsupport.PilotStages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FunnelBatchTests {

	static final Uscc FIRST = new Uscc("91350203MA2YQ8LX3K");

	static final Uscc SECOND = new Uscc("91350206MA2XYW1234");

	static final Instant MARCH = Instant.parse("2024-03-01T00:00:00Z");

	@Test
	void appliesALaterChangeOfAnEnterpriseToWhatTheEarlierOneMade() {
		FunnelBatch batch = FunnelBatch.of(Map.of(),
				List.of(change(FIRST, null, PilotStages.SOLICITED, 1, "思明区"),
						change(FIRST, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, "思明区"),
						change(FIRST, null, PilotStages.SOLICITED, 1, "思明区")));

		assertThat(batch.outcomes()).hasSize(3);
		assertThat(List.of(batch.moved(0), batch.moved(1), batch.moved(2))).containsExactly(true, true, false);
		assertThat(batch.outcomes().get(2)).isEqualTo(new FunnelChange.Duplicate(2));
		assertThat(batch.applied()).extracting((applied) -> applied.progress().version()).containsExactly(1L, 2L);
		assertThat(batch.enterprises()).singleElement()
			.satisfies((progress) -> assertThat(progress.stage()).isEqualTo(PilotStages.CONTRACTED));
		assertThat(batch.deltas()).isEqualTo(Map.of(key("思明区", PilotStages.SOLICITED), new Counts(1, 0),
				key("思明区", PilotStages.CONTRACTED), new Counts(1, 1)));
	}

	@Test
	void startsFromTheProgressBeforeTheBatchAndIgnoresStaleVersions() {
		EnterpriseProgress solicited = new EnterpriseProgress("pilot", FIRST, 1, PilotStages.SOLICITED, MARCH, "思明区",
				"电子信息", null, Map.of(), Map.of(PilotStages.SOLICITED, MARCH));

		FunnelBatch batch = FunnelBatch.of(Map.of(solicited.key(), solicited),
				List.of(change(FIRST, null, PilotStages.SOLICITED, 1, "思明区"),
						change(SECOND, null, PilotStages.SOLICITED, 1, "湖里区"),
						change(FIRST, PilotStages.SOLICITED, PilotStages.CONTRACTED, 2, "思明区")));

		assertThat(List.of(batch.moved(0), batch.moved(1), batch.moved(2))).containsExactly(false, true, true);
		assertThat(batch.enterprises()).extracting(EnterpriseProgress::enterprise).containsExactly(SECOND, FIRST);
		assertThat(batch.deltas())
			.isEqualTo(Map.of(key("湖里区", PilotStages.SOLICITED), new Counts(1, 1), key("思明区", PilotStages.SOLICITED),
					new Counts(0, -1), key("思明区", PilotStages.CONTRACTED), new Counts(1, 1)));
	}

	@Test
	void leavesOutACounterThatTheBatchMovesUpAndDownAgain() {
		FunnelBatch batch = FunnelBatch.of(Map.of(), List.of(change(FIRST, null, PilotStages.SOLICITED, 1, "思明区"),
				change(FIRST, PilotStages.SOLICITED, PilotStages.SOLICITED, 2, "湖里区")));

		assertThat(batch.deltas()).isEqualTo(Map.of(key("湖里区", PilotStages.SOLICITED), new Counts(1, 1)));
	}

	@Test
	void refusesABatchWithAChangeWhosePredecessorIsMissing() {
		List<StageChanged> changes = List.of(change(FIRST, null, PilotStages.SOLICITED, 1, "思明区"),
				change(FIRST, PilotStages.CONTRACTED, PilotStages.PRE_ACCEPTANCE, 3, "思明区"));

		assertThatExceptionOfType(MissingChangeException.class).isThrownBy(() -> FunnelBatch.of(Map.of(), changes))
			.withMessageContaining("version 3")
			.withMessageContaining("up to 1");
	}

	static FunnelKey key(String district, Stage stage) {
		return new FunnelKey("pilot", district, "电子信息", Map.of(), stage);
	}

	static StageChanged change(Uscc enterprise, Stage from, Stage to, long version, String district) {
		StageChanged change = StageChanges.pilot(enterprise, from, to, version, district, "电子信息", MARCH, false);
		return new StageChanged("event-" + version, change.programme(), enterprise, from, to, version,
				change.reachedAt(), MARCH, MARCH, "/providers/p", "m-" + version, district, "电子信息", null, Map.of());
	}

}
