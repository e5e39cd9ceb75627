package com.pilottracker.gateway.milestone;

import com.pilottracker.gateway.receipt.Receipt;

/**
 * What became of one milestone submitted: accepted with its receipt (new, or a repeat of
 * a known milestone), or refused with the exception a request of its own would have been
 * answered with ({@link InvalidMilestoneException},
 * {@link com.pilottracker.gateway.problem.ForbiddenException},
 * {@link MilestoneConflictException}, {@link BrokerUnavailableException}, or the receipt
 * store's {@link org.springframework.dao.DataAccessException}).
 *
 * @param receipt the receipt of an accepted milestone, {@code null} for a refused one
 * @param repeated whether an accepted milestone was known before
 * @param refusal why a milestone was refused, {@code null} for an accepted one
 * @param tried {@code false} for a milestone not even tried, because the event log or the
 * receipt store failed an earlier one of the batch
 */
public record Submitted(Receipt receipt, boolean repeated, RuntimeException refusal, boolean tried) {

	static Submitted accepted(Receipt receipt, boolean repeated) {
		return new Submitted(receipt, repeated, null, true);
	}

	static Submitted refused(RuntimeException refusal) {
		return new Submitted(null, false, refusal, true);
	}

	static Submitted notTried(RuntimeException refusal) {
		return new Submitted(null, false, refusal, false);
	}

	/** Whether the milestone was accepted. */
	public boolean isAccepted() {
		return this.receipt != null;
	}

}
