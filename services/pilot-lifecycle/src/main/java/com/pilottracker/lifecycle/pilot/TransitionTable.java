package com.pilottracker.lifecycle.pilot;

import java.util.Optional;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;

/**
 * The pilot lifecycle as one pure table (see {@code docs/lifecycle.md}, the source of
 * truth for its tests):
 *
 * <pre>
 * from \ milestone   solicited              contracted             pre-acceptance         withdrawn
 * (not in pilot)     → SOLICITED            PREDECESSOR_MISSING    PREDECESSOR_MISSING    PREDECESSOR_MISSING
 * SOLICITED          STAGE_ALREADY_REACHED  → CONTRACTED           PREDECESSOR_MISSING    → WITHDRAWN
 * CONTRACTED         STEP_BACKWARDS         STAGE_ALREADY_REACHED  → PRE_ACCEPTANCE       → WITHDRAWN
 * PRE_ACCEPTANCE     STEP_BACKWARDS         STEP_BACKWARDS         STAGE_ALREADY_REACHED  → WITHDRAWN
 * WITHDRAWN          AFTER_WITHDRAWAL       AFTER_WITHDRAWAL       AFTER_WITHDRAWAL       AFTER_WITHDRAWAL
 * </pre>
 *
 * Invariants: the funnel stages are reached in order and each at most once, so
 * {@code reached} counts are cumulative (every contracted enterprise was solicited, every
 * pre-acceptance one contracted); a withdrawal ends the pilot from any open stage and
 * changes {@code current}, never {@code reached}.
 */
public final class TransitionTable {

	private TransitionTable() {
	}

	/**
	 * Where a milestone leads from {@code current}.
	 * @param current the enterprise's stage, empty if it is not in the pilot
	 * @return the stage to move to, or the reason the milestone is refused
	 */
	public static Step step(Optional<Stage> current, MilestoneType milestone) {
		if (current.isPresent() && current.get() == Stage.WITHDRAWN) {
			return Step.refused(RejectionReason.AFTER_WITHDRAWAL);
		}
		if (milestone == MilestoneType.WITHDRAWN) {
			return current.isPresent() ? Step.to(Stage.WITHDRAWN) : Step.refused(RejectionReason.PREDECESSOR_MISSING);
		}
		int from = current.map(TransitionTable::rank).orElse(0);
		int to = rank(milestone.targetStage());
		if (to == from + 1) {
			return Step.to(milestone.targetStage());
		}
		if (to == from) {
			return Step.refused(RejectionReason.STAGE_ALREADY_REACHED);
		}
		return Step.refused((to < from) ? RejectionReason.STEP_BACKWARDS : RejectionReason.PREDECESSOR_MISSING);
	}

	/** Position in the funnel: SOLICITED 1, CONTRACTED 2, PRE_ACCEPTANCE 3. */
	private static int rank(Stage stage) {
		return stage.ordinal() + 1;
	}

	/**
	 * One cell of the table: a target stage or a refusal, never both.
	 *
	 * @param target the stage to move to, when the step is legal
	 * @param refusal why it is not, otherwise
	 */
	public record Step(Stage target, RejectionReason refusal) {

		static Step to(Stage target) {
			return new Step(target, null);
		}

		static Step refused(RejectionReason reason) {
			return new Step(null, reason);
		}

		public boolean isLegal() {
			return this.target != null;
		}

	}

}
