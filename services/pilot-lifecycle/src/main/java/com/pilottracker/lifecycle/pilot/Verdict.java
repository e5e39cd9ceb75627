package com.pilottracker.lifecycle.pilot;

import com.pilottracker.contracts.MilestoneStatus;
import com.pilottracker.contracts.RejectionReason;
import com.pilottracker.contracts.Stage;

/**
 * What the lifecycle made of one milestone: applied, held for an earlier step, or
 * rejected with a reason.
 *
 * @param status {@code APPLIED}, {@code HELD} or {@code REJECTED}
 * @param reason why it was rejected, {@code null} otherwise
 * @param detail the same for a person
 * @param waitingFor the stage a held milestone waits for, {@code null} otherwise
 */
public record Verdict(MilestoneStatus status, RejectionReason reason, String detail, Stage waitingFor) {

	public static final Verdict APPLIED = new Verdict(MilestoneStatus.APPLIED, null, "applied", null);

	static Verdict held(Stage waitingFor, String detail) {
		return new Verdict(MilestoneStatus.HELD, null, detail, waitingFor);
	}

	static Verdict rejected(RejectionReason reason, String detail) {
		return new Verdict(MilestoneStatus.REJECTED, reason, detail, null);
	}

	/**
	 * A rejection for a hold that expired: such a milestone takes no part in later
	 * decisions.
	 */
	public boolean isExpiredHold() {
		return this.status == MilestoneStatus.REJECTED && this.reason == RejectionReason.PREDECESSOR_MISSING;
	}

}
