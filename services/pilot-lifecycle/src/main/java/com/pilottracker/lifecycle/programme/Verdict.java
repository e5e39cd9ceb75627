package com.pilottracker.lifecycle.programme;

import java.util.Objects;

import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;

/**
 * What the lifecycle made of one milestone: {@link Applied applied}, {@link Held held}
 * for an earlier step, or {@link Rejected rejected} with a reason. Dispatch with an
 * {@code instanceof} chain.
 */
public sealed interface Verdict permits Verdict.Applied, Verdict.Held, Verdict.Rejected {

	/** The one applied verdict. */
	Applied APPLIED = new Applied();

	MilestoneStatus status();

	/** The verdict for a person. */
	String detail();

	/**
	 * Whether two verdicts are the same decision: the same status, reason and stage
	 * waited for (a new detail text alone is no new decision).
	 */
	static boolean sameDecision(Verdict one, Verdict other) {
		if (one instanceof Held held && other instanceof Held otherHeld) {
			return held.waitingFor().equals(otherHeld.waitingFor());
		}
		if (one instanceof Rejected rejected && other instanceof Rejected otherRejected) {
			return rejected.reason() == otherRejected.reason();
		}
		return one instanceof Applied && other instanceof Applied;
	}

	/** The milestone is a step of the enterprise's history. */
	record Applied() implements Verdict {

		@Override
		public MilestoneStatus status() {
			return MilestoneStatus.APPLIED;
		}

		@Override
		public String detail() {
			return "applied";
		}

	}

	/**
	 * The milestone waits for an earlier step of the same enterprise.
	 *
	 * @param waitingFor the stage it needs the enterprise to be in
	 * @param detail the same for a person
	 */
	record Held(Stage waitingFor, String detail) implements Verdict {

		public Held {
			Objects.requireNonNull(waitingFor, "waitingFor");
			Objects.requireNonNull(detail, "detail");
		}

		@Override
		public MilestoneStatus status() {
			return MilestoneStatus.HELD;
		}

	}

	/**
	 * The milestone is not a step of the enterprise's history.
	 *
	 * @param reason why
	 * @param detail the same for a person
	 */
	record Rejected(RejectionReason reason, String detail) implements Verdict {

		public Rejected {
			Objects.requireNonNull(reason, "reason");
			Objects.requireNonNull(detail, "detail");
		}

		@Override
		public MilestoneStatus status() {
			return MilestoneStatus.REJECTED;
		}

		/**
		 * Whether this rejects a hold that expired: such a milestone takes no part in
		 * later decisions.
		 */
		public boolean isExpiredHold() {
			return this.reason == RejectionReason.PREDECESSOR_MISSING;
		}

	}

}
