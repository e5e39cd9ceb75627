package com.pilottracker.lifecycle.programme;

import java.util.Objects;
import java.util.Optional;

import com.pilottracker.contracts.MilestoneType;
import com.pilottracker.contracts.Programme;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;

/**
 * One lifecycle for every programme: where a milestone leads from where an enterprise
 * stands, derived from the {@link Programme}'s definition alone (see
 * {@code docs/lifecycle.md}, which renders the pilot's and the gradient's tables, the
 * source of truth for {@code TransitionTableTests}). With funnel rank {@code i} of the
 * current stage:
 * <ul>
 * <li>after an exit of a programme without re-entry, everything is refused
 * ({@code AFTER_WITHDRAWAL}); after an exit of one with re-entry, the milestone is
 * decided as if the enterprise were not in the programme;</li>
 * <li>not in the programme: the first stage's milestone enters it; a later stage's is
 * {@link Hold held} for the stage before it if it needs its predecessor, else it
 * {@link Move moves} there; an exit or a renewal is held for the first stage;</li>
 * <li>in stage {@code i}: stage {@code i + 1} moves there, stage {@code i} is refused
 * {@code STAGE_ALREADY_REACHED}, an earlier one {@code STEP_BACKWARDS}, a later one is
 * held for the stage before it (or moves there if it does not need its predecessor); an
 * exit moves to the exit; the renewal {@link Renew renews}.</li>
 * </ul>
 * Exits lower the current stage, never what was reached. Who may report a step is decided
 * apart ({@link ProgrammeHistory}).
 */
public final class TransitionTable {

	private TransitionTable() {
	}

	/**
	 * Where a milestone leads from {@code current}.
	 * @param programme the programme that declares the milestone's type
	 * @param current the enterprise's stage or exit, empty if it never entered
	 * @param milestone the milestone's type
	 * @throws IllegalArgumentException if the programme does not declare the type
	 */
	public static Step step(Programme programme, Optional<Stage> current, MilestoneType milestone) {
		Programme.Step step = programme.step(milestone)
			.orElseThrow(() -> new IllegalArgumentException(programme.id() + " does not declare " + milestone));
		boolean left = current.isPresent() && programme.isExit(current.get());
		if (left && !programme.reentry()) {
			return new Refusal(RejectionReason.AFTER_WITHDRAWAL);
		}
		// -1: not in the programme (never entered, or left one that allows re-entry)
		int from = (current.isPresent() && !left) ? programme.rank(current.get()) : -1;
		Stage first = programme.stages().get(0).stage();
		if (step instanceof Programme.Step.Reach reach) {
			int to = programme.rank(reach.definition().stage());
			if (to == from + 1) {
				return new Move(reach.definition().stage());
			}
			if (from >= 0 && to == from) {
				return new Refusal(RejectionReason.STAGE_ALREADY_REACHED);
			}
			if (to < from) {
				return new Refusal(RejectionReason.STEP_BACKWARDS);
			}
			return reach.definition().needsPredecessor() ? new Hold(programme.stages().get(to - 1).stage())
					: new Move(reach.definition().stage());
		}
		if (step instanceof Programme.Step.Leave leave) {
			return (from < 0) ? new Hold(first) : new Move(leave.definition().stage());
		}
		return (from < 0) ? new Hold(first) : new Renew();
	}

	/** One cell of the table. */
	public sealed interface Step permits Move, Renew, Hold, Refusal {

	}

	/**
	 * A legal step to a stage or an exit.
	 *
	 * @param target where the enterprise goes
	 */
	public record Move(Stage target) implements Step {

		public Move {
			Objects.requireNonNull(target, "target");
		}

	}

	/** A legal re-review: the current stage's validity starts again; no stage changes. */
	public record Renew() implements Step {

	}

	/**
	 * Not legal yet: the milestone waits for the enterprise to reach a stage (its
	 * predecessor); rejected {@code PREDECESSOR_MISSING} when its hold expires.
	 *
	 * @param waitingFor the stage it waits for
	 */
	public record Hold(Stage waitingFor) implements Step {

		public Hold {
			Objects.requireNonNull(waitingFor, "waitingFor");
		}

	}

	/**
	 * Not legal, for good at this place in the history.
	 *
	 * @param reason why
	 */
	public record Refusal(RejectionReason reason) implements Step {

		public Refusal {
			Objects.requireNonNull(reason, "reason");
		}

	}

}
