package com.pilottracker.lifecycle.programme;

import java.util.Optional;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.Programmes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every cell of the tables {@code docs/lifecycle.md} renders from the definitions: the
 * pilot's 5 positions × 4 milestones and the gradient's 6 positions × 5 milestones.
 * {@code -> X} moves to X, {@code HOLD X} holds for X, {@code RENEW} renews, anything
 * else is the refusal's reason.
 */
class TransitionTableTests {

	// @formatter:off (one row per cell of the table)
	@ParameterizedTest(name = "pilot: {0} + {1} -> {2}")
	@CsvSource(nullValues = "NONE", value = {
			"NONE,           pilot.solicited,      -> SOLICITED",
			"NONE,           pilot.contracted,     HOLD SOLICITED",
			"NONE,           pilot.pre-acceptance, HOLD CONTRACTED",
			"NONE,           pilot.withdrawn,      HOLD SOLICITED",
			"SOLICITED,      pilot.solicited,      STAGE_ALREADY_REACHED",
			"SOLICITED,      pilot.contracted,     -> CONTRACTED",
			"SOLICITED,      pilot.pre-acceptance, HOLD CONTRACTED",
			"SOLICITED,      pilot.withdrawn,      -> WITHDRAWN",
			"CONTRACTED,     pilot.solicited,      STEP_BACKWARDS",
			"CONTRACTED,     pilot.contracted,     STAGE_ALREADY_REACHED",
			"CONTRACTED,     pilot.pre-acceptance, -> PRE_ACCEPTANCE",
			"CONTRACTED,     pilot.withdrawn,      -> WITHDRAWN",
			"PRE_ACCEPTANCE, pilot.solicited,      STEP_BACKWARDS",
			"PRE_ACCEPTANCE, pilot.contracted,     STEP_BACKWARDS",
			"PRE_ACCEPTANCE, pilot.pre-acceptance, STAGE_ALREADY_REACHED",
			"PRE_ACCEPTANCE, pilot.withdrawn,      -> WITHDRAWN",
			"WITHDRAWN,      pilot.solicited,      AFTER_WITHDRAWAL",
			"WITHDRAWN,      pilot.contracted,     AFTER_WITHDRAWAL",
			"WITHDRAWN,      pilot.pre-acceptance, AFTER_WITHDRAWAL",
			"WITHDRAWN,      pilot.withdrawn,      AFTER_WITHDRAWAL" })
	// @formatter:on
	void allowsOnlyTheNextStageOrAWithdrawalFromAnOpenStage(String from, String milestone, String expected) {
		assertThat(cell(Programmes.pilot(), from, milestone)).isEqualTo(expected);
	}

	// @formatter:off (one row per cell of the table)
	@ParameterizedTest(name = "gradient: {0} + {1} -> {2}")
	@CsvSource(nullValues = "NONE", value = {
			"NONE,         gradient.innovative,   -> INNOVATIVE",
			"NONE,         gradient.specialised,  HOLD INNOVATIVE",
			"NONE,         gradient.little-giant, HOLD SPECIALISED",
			"NONE,         gradient.revoked,      HOLD INNOVATIVE",
			"NONE,         gradient.re-reviewed,  HOLD INNOVATIVE",
			"INNOVATIVE,   gradient.innovative,   STAGE_ALREADY_REACHED",
			"INNOVATIVE,   gradient.specialised,  -> SPECIALISED",
			"INNOVATIVE,   gradient.little-giant, HOLD SPECIALISED",
			"INNOVATIVE,   gradient.revoked,      -> REVOKED",
			"INNOVATIVE,   gradient.re-reviewed,  RENEW",
			"SPECIALISED,  gradient.innovative,   STEP_BACKWARDS",
			"SPECIALISED,  gradient.specialised,  STAGE_ALREADY_REACHED",
			"SPECIALISED,  gradient.little-giant, -> LITTLE_GIANT",
			"SPECIALISED,  gradient.revoked,      -> REVOKED",
			"SPECIALISED,  gradient.re-reviewed,  RENEW",
			"LITTLE_GIANT, gradient.innovative,   STEP_BACKWARDS",
			"LITTLE_GIANT, gradient.specialised,  STEP_BACKWARDS",
			"LITTLE_GIANT, gradient.little-giant, STAGE_ALREADY_REACHED",
			"LITTLE_GIANT, gradient.revoked,      -> REVOKED",
			"LITTLE_GIANT, gradient.re-reviewed,  RENEW",
			"LAPSED,       gradient.innovative,   -> INNOVATIVE",
			"LAPSED,       gradient.specialised,  HOLD INNOVATIVE",
			"LAPSED,       gradient.little-giant, HOLD SPECIALISED",
			"LAPSED,       gradient.revoked,      HOLD INNOVATIVE",
			"LAPSED,       gradient.re-reviewed,  HOLD INNOVATIVE",
			"REVOKED,      gradient.innovative,   -> INNOVATIVE",
			"REVOKED,      gradient.specialised,  HOLD INNOVATIVE",
			"REVOKED,      gradient.little-giant, HOLD SPECIALISED",
			"REVOKED,      gradient.revoked,      HOLD INNOVATIVE",
			"REVOKED,      gradient.re-reviewed,  HOLD INNOVATIVE" })
	// @formatter:on
	void climbsTheGradientRenewsAndReentersAfterAnExit(String from, String milestone, String expected) {
		assertThat(cell(Programmes.gradient(), from, milestone)).isEqualTo(expected);
	}

	// @formatter:off
	@ParameterizedTest(name = "open: {0} + {1} -> {2}")
	@CsvSource(nullValues = "NONE", value = {
			"NONE,    open.joined,   -> JOINED",
			"NONE,    open.audited,  -> AUDITED",
			"NONE,    open.awarded,  HOLD AUDITED",
			"JOINED,  open.awarded,  HOLD AUDITED",
			"JOINED,  open.audited,  -> AUDITED",
			"AUDITED, open.joined,   STEP_BACKWARDS",
			"AUDITED, open.awarded,  -> AWARDED" })
	// @formatter:on
	void appliesAStageThatDoesNotNeedItsPredecessorFromAnyEarlierPlace(String from, String milestone, String expected) {
		assertThat(cell(OPEN, from, milestone)).isEqualTo(expected);
	}

	/** A third programme, as a definition only: its second stage needs no predecessor. */
	static final Programme OPEN = Programmes.read("""
			{"id": "open", "revision": 1, "name": {"zh": "开放", "en": "open"},
			 "stages": [
			   {"stage": "JOINED", "name": {"zh": "加入", "en": "joined"}, "milestone": "open.joined",
			    "reportedBy": "OFFICE"},
			   {"stage": "AUDITED", "name": {"zh": "审计", "en": "audited"}, "milestone": "open.audited",
			    "reportedBy": "OFFICE"},
			   {"stage": "AWARDED", "name": {"zh": "授予", "en": "awarded"}, "milestone": "open.awarded",
			    "needsPredecessor": true, "reportedBy": "OFFICE"}],
			 "holdLimit": "P7D",
			 "attributes": [
			   {"name": "district", "label": {"zh": "区", "en": "district"}, "kind": "DISTRICT"},
			   {"name": "industry", "label": {"zh": "行业", "en": "industry"}, "kind": "INDUSTRY"}]}
			""".getBytes(java.nio.charset.StandardCharsets.UTF_8));

	static String cell(Programme programme, String from, String milestone) {
		TransitionTable.Step step = TransitionTable.step(programme,
				Optional.ofNullable(from).map((name) -> programme.stage(name).orElseThrow()),
				new MilestoneType(milestone));
		if (step instanceof TransitionTable.Move move) {
			return "-> " + move.target();
		}
		if (step instanceof TransitionTable.Hold hold) {
			return "HOLD " + hold.waitingFor();
		}
		if (step instanceof TransitionTable.Renew) {
			return "RENEW";
		}
		return ((TransitionTable.Refusal) step).reason().name();
	}

}
