package com.pilottracker.lifecycle.pilot;

import java.util.Optional;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Stage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every cell of the table in {@code docs/lifecycle.md}: 5 positions × 4 milestones. */
class TransitionTableTests {

	// @formatter:off (one row per cell of the table)
	@ParameterizedTest(name = "{0} + {1} -> {2}")
	@CsvSource(nullValues = "NONE", value = {
			"NONE,           SOLICITED,      SOLICITED",
			"NONE,           CONTRACTED,     PREDECESSOR_MISSING",
			"NONE,           PRE_ACCEPTANCE, PREDECESSOR_MISSING",
			"NONE,           WITHDRAWN,      PREDECESSOR_MISSING",
			"SOLICITED,      SOLICITED,      STAGE_ALREADY_REACHED",
			"SOLICITED,      CONTRACTED,     CONTRACTED",
			"SOLICITED,      PRE_ACCEPTANCE, PREDECESSOR_MISSING",
			"SOLICITED,      WITHDRAWN,      WITHDRAWN",
			"CONTRACTED,     SOLICITED,      STEP_BACKWARDS",
			"CONTRACTED,     CONTRACTED,     STAGE_ALREADY_REACHED",
			"CONTRACTED,     PRE_ACCEPTANCE, PRE_ACCEPTANCE",
			"CONTRACTED,     WITHDRAWN,      WITHDRAWN",
			"PRE_ACCEPTANCE, SOLICITED,      STEP_BACKWARDS",
			"PRE_ACCEPTANCE, CONTRACTED,     STEP_BACKWARDS",
			"PRE_ACCEPTANCE, PRE_ACCEPTANCE, STAGE_ALREADY_REACHED",
			"PRE_ACCEPTANCE, WITHDRAWN,      WITHDRAWN",
			"WITHDRAWN,      SOLICITED,      AFTER_WITHDRAWAL",
			"WITHDRAWN,      CONTRACTED,     AFTER_WITHDRAWAL",
			"WITHDRAWN,      PRE_ACCEPTANCE, AFTER_WITHDRAWAL",
			"WITHDRAWN,      WITHDRAWN,      AFTER_WITHDRAWAL" })
	// @formatter:on
	void allowsOnlyTheNextStageOrAWithdrawalFromAnOpenStage(Stage from, MilestoneType milestone, String expected) {
		TransitionTable.Step step = TransitionTable.step(Optional.ofNullable(from), milestone);

		String actual = step.isLegal() ? step.target().name() : step.refusal().name();
		assertThat(actual).isEqualTo(expected);
		assertThat(step.target() == null).isNotEqualTo(step.refusal() == null);
	}

}
